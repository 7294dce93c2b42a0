// `--help` and `--version` answered from the few modules they need (the command line, the
// help texts, the locale), without the SOAP client, the engine, the simulator or the
// settings schema: electron/cli.ts asks here first, so these answer in a blink. Anything
// else, including a command line with mistakes, goes on to runCli (electron/cli/main.ts),
// which parses it again and reports the mistake.
import { resolveLocale } from '../../shared/locales.ts';
import { parseCommandLine } from './args.ts';
import { helpText } from './help.ts';
import { envLocaleTag } from './locale.ts';

/** The text to print for a help or version request, or undefined for anything else. */
export function quickAnswer(argv: readonly string[], env: NodeJS.ProcessEnv, version: string): string | undefined {
  let r: ReturnType<typeof parseCommandLine>;
  try {
    r = parseCommandLine(argv);
  } catch {
    return undefined;
  }
  if (r.parsed.kind === 'version') return `${version}\n`;
  if (r.parsed.kind !== 'help') return undefined;
  // The same language as runCli's (cliLocale(…).app): --locale, else LC_ALL / LC_MESSAGES /
  // LANG; resolved without Intl, which help does not need (ICU's data costs ~20 ms).
  const tag = r.locale ?? envLocaleTag(env);
  return helpText(resolveLocale('system', tag ? [tag] : []), r.parsed.command);
}

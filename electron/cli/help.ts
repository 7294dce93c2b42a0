// `--help` texts, built from the localized descriptions; option syntax stays as typed.
import type { AppLocale } from '../../shared/settings.ts';
import { t } from '../../shared/i18n/index.ts';
import { COMMANDS, COMMAND_OPTIONS, CONNECTION, JOB_COMMANDS, type CommandName } from './args.ts';
import { DEMO_PASSWORD, DEMO_USER } from '../simulator/demo.ts';

const SYNOPSIS: Record<CommandName, string> = {
  accounts: 'ips-jobs accounts [--settings FILE] [--json]',
  active: 'ips-jobs active [--json]',
  scheduled: 'ips-jobs scheduled [--json]',
  logs: 'ips-jobs logs [--since ISO] [--limit N] [--submitter EMAIL] [--search TEXT] [--json | --csv]',
  log: 'ips-jobs log JOBHANDLE --company HANDLE [--json | --csv]',
  stop: 'ips-jobs stop JOBHANDLE --company HANDLE [--json]',
  pause: 'ips-jobs pause JOBHANDLE --company HANDLE [--json]',
  resume: 'ips-jobs resume JOBHANDLE --company HANDLE [--json]',
  delete: 'ips-jobs delete JOBHANDLE --company HANDLE [--json]',
  'run-now': 'ips-jobs run-now JOBHANDLE --company HANDLE [--json]',
  rerun: 'ips-jobs rerun JOBHANDLE --company HANDLE [--json]',
  watch: 'ips-jobs watch [--json] [--interval SECONDS] [--once]',
  upload: 'ips-jobs upload PATH... --company HANDLE --folder DEST [--job-name NAME] [--overwrite] [--publish] [--no-wait] [--json]',
  'upload-urls': 'ips-jobs upload-urls URL... --company HANDLE --folder DEST [--no-wait] [--json]',
  export:
    'ips-jobs export ASSET_HANDLE... --company HANDLE [--format orig|convert] [--modifier IS_MODIFIERS] [--macro NAME] [--email-setting All|Error|ErrorAndWarning|JobCompletion|None] [--to DIR] [--no-wait] [--json]',
  download: 'ips-jobs download URL --to DIR [--json]',
  simulator: 'ips-jobs simulator [--port PORT] [--control]',
};

/**
 * Every option as help shows it, two spaces apart; each one's description is the message
 * cli.help.opt.<its name in camelCase> (--job-name: cli.help.opt.jobName).
 */
const OPTION_SYNTAX = `--account NAME  --settings FILE  --service-url URL  --region na|emea|apac  --staging  --user EMAIL  --company HANDLE
  --locale xx-YY  --demo  --timeout SECONDS  --json  --csv  --since ISO  --limit N  --search TEXT  --submitter EMAIL
  --interval SECONDS  --once  --port PORT  --folder DEST  --job-name NAME  --overwrite  --publish  --no-wait  --to DIR
  --format orig|convert  --modifier IS_MODIFIERS  --macro NAME  --email-setting SETTING  --control`;
const OPTION_HELP: Record<string, [string, string]> = Object.fromEntries(
  OPTION_SYNTAX.trim()
    .split(/\s{2,}/)
    .map((syntax) => {
      const name = syntax.split(' ')[0]!.slice(2);
      return [name, [syntax, `cli.help.opt.${name.replace(/-(\w)/g, (_, c: string) => c.toUpperCase())}`]];
    }),
);

/** What `--json` changes: a table, the one-line outcome of an action, or watch's event lines. */
function jsonHelpKey(command: CommandName | undefined): string {
  if (command === 'stop' || command === 'pause' || command === 'resume' || command === 'delete' || command === 'run-now' || command === 'rerun')
    return 'cli.help.opt.jsonAction';
  if (command === 'watch') return 'cli.help.opt.jsonWatch';
  return 'cli.help.opt.json';
}

/** One option's description; the region names are the window's (Settings → Account). */
function optionHelp(locale: AppLocale, option: string, command?: CommandName): string {
  if (option === 'json') return t(locale, jsonHelpKey(command));
  // Reading takes several accounts; an action, an upload or one job's log takes one.
  if (option === 'account' && command && !['active', 'scheduled', 'logs', 'watch'].includes(command)) return t(locale, 'cli.help.opt.accountOne');
  if (option === 'csv' && command === 'log') return t(locale, 'cli.help.opt.csvLog');
  if (option === 'no-wait' && (command === 'upload-urls' || command === 'export')) return t(locale, 'cli.help.opt.noWaitSubmit');
  if (option === 'folder' && command === 'upload-urls') return t(locale, 'cli.help.opt.folderUrls');
  if (option === 'region') {
    return t(locale, 'cli.help.opt.region', { na: t(locale, 'ui.region.na'), emea: t(locale, 'ui.region.emea'), apac: t(locale, 'ui.region.apac') });
  }
  return t(locale, OPTION_HELP[option]![1]);
}

function twoColumns(rows: Array<[string, string]>, indent = '  '): string[] {
  // The left column is ASCII (commands, option syntax, variable names), so its width is
  // its length: help needs no grapheme tables (string-width), which keeps `--help` quick.
  const width = Math.max(...rows.map(([a]) => a.length));
  return rows.map(([a, b]) => `${indent}${a.padEnd(width)}  ${b}`);
}

export function helpText(locale: AppLocale, command?: CommandName): string {
  const tr = (key: string) => t(locale, key);
  const out: string[] = [];
  if (!command) {
    out.push(tr('cli.help.summary'), '', tr('cli.help.usage'), '  ips-jobs COMMAND [OPTIONS]', '', tr('cli.help.commands'));
    out.push(...twoColumns(COMMANDS.map((c) => [c, tr(`cli.help.cmd.${c}`)])));
    out.push('', tr('cli.help.connection'));
    out.push(...twoColumns(CONNECTION.map((o) => [OPTION_HELP[o]![0], optionHelp(locale, o)])));
    out.push('', tr('cli.help.options'));
    out.push(
      ...twoColumns([
        ['-h, --help', tr('cli.help.opt.help')],
        ['-v, --version', tr('cli.help.opt.version')],
      ]),
    );
  } else {
    out.push(tr(`cli.help.cmd.${command}`), '', tr('cli.help.usage'), `  ${SYNOPSIS[command]}`);
    if ((JOB_COMMANDS as readonly string[]).includes(command)) {
      // Handles look like j|15||Lookbook upload|7001: an unquoted | is a pipe to the shell.
      out.push('', t(locale, 'cli.help.quoteHandle', { example: `ips-jobs ${command} 'j|15||Lookbook upload|7001' --company 'c|15'` }));
    }
    const own = COMMAND_OPTIONS[command].filter((o) => !CONNECTION.includes(o) || command === 'simulator' || command === 'accounts');
    const rows: Array<[string, string]> = own.map((o) => [OPTION_HELP[o]![0], optionHelp(locale, o, command)]);
    rows.push(['-h, --help', tr('cli.help.opt.help')]);
    out.push('', tr('cli.help.options'), ...twoColumns(rows));
    if (command !== 'simulator' && command !== 'accounts') {
      out.push('', tr('cli.help.connection'));
      out.push(...twoColumns(CONNECTION.map((o) => [OPTION_HELP[o]![0], optionHelp(locale, o, command)])));
    } else {
      out.push('', t(locale, 'cli.help.simulator.account', { user: DEMO_USER, password: DEMO_PASSWORD }));
    }
  }
  if (command !== 'simulator') {
    out.push('', tr('cli.help.environment'));
    out.push(
      ...twoColumns([
        ['IPS_USER', tr('cli.help.env.user')],
        ['IPS_PASSWORD', tr('cli.help.env.password')],
        ['IPS_PASSWORD_NAME', tr('cli.help.env.accountPassword')],
        ['IPS_JOBS_SETTINGS', tr('cli.help.env.settings')],
        ['LC_ALL, LANG', tr('cli.help.env.lang')],
      ]),
    );
  }
  out.push('', tr('cli.help.exitCodes'));
  // log's own bounds, and what they mean for the exit code (./log-stream.ts).
  if (command === 'log') out.push(tr('cli.help.log.bounds'));
  if (!command) out.push(tr('cli.help.more'));
  return `${out.join('\n')}\n`;
}

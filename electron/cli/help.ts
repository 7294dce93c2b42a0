// `--help` texts, built from the localized descriptions; option syntax stays as typed.
import type { AppLocale } from '../../shared/settings.ts';
import { t } from '../../shared/i18n/index.ts';
import { COMMANDS, COMMAND_OPTIONS, type CommandName } from './args.ts';
import { pad, displayWidth } from './table.ts';

const SYNOPSIS: Record<CommandName, string> = {
  active: 'ips-jobs active [--json]',
  scheduled: 'ips-jobs scheduled [--json]',
  logs: 'ips-jobs logs [--since ISO] [--limit N] [--json]',
  log: 'ips-jobs log JOBHANDLE --company HANDLE [--json]',
  stop: 'ips-jobs stop JOBHANDLE --company HANDLE',
  pause: 'ips-jobs pause JOBHANDLE --company HANDLE',
  resume: 'ips-jobs resume JOBHANDLE --company HANDLE',
  delete: 'ips-jobs delete JOBHANDLE --company HANDLE',
  watch: 'ips-jobs watch [--json] [--interval SECONDS] [--once]',
  simulator: 'ips-jobs simulator [--port PORT]',
};

const OPTION_HELP: Record<string, [string, string]> = {
  'service-url': ['--service-url URL', 'cli.help.opt.serviceUrl'],
  region: ['--region na|emea|apac', 'cli.help.opt.region'],
  staging: ['--staging', 'cli.help.opt.staging'],
  user: ['--user EMAIL', 'cli.help.opt.user'],
  company: ['--company HANDLE', 'cli.help.opt.company'],
  locale: ['--locale xx-YY', 'cli.help.opt.locale'],
  demo: ['--demo', 'cli.help.opt.demo'],
  timeout: ['--timeout SECONDS', 'cli.help.opt.timeout'],
  json: ['--json', 'cli.help.opt.json'],
  since: ['--since ISO', 'cli.help.opt.since'],
  limit: ['--limit N', 'cli.help.opt.limit'],
  interval: ['--interval SECONDS', 'cli.help.opt.interval'],
  once: ['--once', 'cli.help.opt.once'],
  port: ['--port PORT', 'cli.help.opt.port'],
};
const CONNECTION = ['service-url', 'region', 'staging', 'user', 'company', 'locale', 'demo', 'timeout'];

function twoColumns(rows: Array<[string, string]>, indent = '  '): string[] {
  const width = Math.max(...rows.map(([a]) => displayWidth(a)));
  return rows.map(([a, b]) => `${indent}${pad(a, width)}  ${b}`);
}

export function helpText(locale: AppLocale, command?: CommandName): string {
  const tr = (key: string) => t(locale, key);
  const out: string[] = [];
  if (!command) {
    out.push(tr('cli.help.summary'), '', tr('cli.help.usage'), '  ips-jobs COMMAND [OPTIONS]', '', tr('cli.help.commands'));
    out.push(...twoColumns(COMMANDS.map((c) => [c, tr(`cli.help.cmd.${c}`)])));
    out.push('', tr('cli.help.connection'));
    out.push(...twoColumns(CONNECTION.map((o) => [OPTION_HELP[o]![0], tr(OPTION_HELP[o]![1])])));
    out.push('', tr('cli.help.options'));
    out.push(...twoColumns([
      ['-h, --help', tr('cli.help.opt.help')],
      ['-v, --version', tr('cli.help.opt.version')],
    ]));
  } else {
    out.push(tr(`cli.help.cmd.${command}`), '', tr('cli.help.usage'), `  ${SYNOPSIS[command]}`);
    const own = COMMAND_OPTIONS[command].filter((o) => !CONNECTION.includes(o) || command === 'simulator');
    const rows: Array<[string, string]> = own.map((o) => [OPTION_HELP[o]![0], tr(OPTION_HELP[o]![1])]);
    rows.push(['-h, --help', tr('cli.help.opt.help')]);
    out.push('', tr('cli.help.options'), ...twoColumns(rows));
    if (command !== 'simulator') {
      out.push('', tr('cli.help.connection'));
      out.push(...twoColumns(CONNECTION.map((o) => [OPTION_HELP[o]![0], tr(OPTION_HELP[o]![1])])));
    }
  }
  if (command !== 'simulator') {
    out.push('', tr('cli.help.environment'));
    out.push(...twoColumns([
      ['IPS_USER', tr('cli.help.env.user')],
      ['IPS_PASSWORD', tr('cli.help.env.password')],
      ['LC_ALL, LANG', tr('cli.help.env.lang')],
    ]));
  }
  out.push('', tr('cli.help.exitCodes'));
  if (!command) out.push(tr('cli.help.more'));
  return `${out.join('\n')}\n`;
}

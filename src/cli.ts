/** The commander program: one subcommand per file in src/commands, sharing the option table. */
import * as fs from 'fs';
import * as path from 'path';
import { Command, Option } from 'commander';
import * as inspect from './commands/inspect';
import * as profiles from './commands/profiles';
import * as segment from './commands/segment';
import * as dormant from './commands/dormant';
import * as summary from './commands/summary';
import * as crowd from './commands/crowd';
import * as tiers from './commands/tiers';
import * as report from './commands/report';
import * as cohort from './commands/cohort';
import * as campaign from './commands/campaign';
import * as log from './commands/log';
import * as sql from './commands/sql';
import * as predict from './commands/predict';
import type { Command as Cmd } from 'commander';
import { addInputOptions, addOutputOptions, langOption } from './options';
import { CONFIG_FILE, applyConfig } from './config';
import { Runtime, screenWidth } from './runtime';
import { examplesText as examples, wrapHelp } from './help';
import type { Lang } from './model/segments';
import { helpHeading } from './words';
import type { Format } from './report/render';

/** The version in package.json (read at run time: it sits outside the compiled tree). */
function packageVersion(): string {
  return (JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'package.json'), 'utf8')) as { version: string })
    .version;
}

export const EXIT_HELP = `
Exit codes:
  0  ok
  1  internal error (a bug: please report it, with --debug output)
  2  usage error (unknown option, bad flag value)
  3  input error (missing, empty, binary or malformed file)
  4  data error (no customer/date/amount column found, unreadable cell under --strict, no purchases)
  5  output error (cannot write an output: full disk, no permission, name too long; earlier outputs kept)
  130, 143  stopped by SIGINT (Ctrl-C) or SIGTERM (earlier outputs kept; a stopped write's temp file goes next run)
`;

/** Build the program; each action stores its promise in `pending` for main to await. */
export function buildProgram(rt: Runtime, pending: { run?: Promise<unknown> }, lang: Lang = 'en'): Command {
  const width = screenWidth(rt);
  const h = (title: string) => helpHeading(title, lang);
  const examplesText = (name: string, w: number) => examples(name, w, lang);
  const exitHelp = EXIT_HELP.replace('Exit codes:', h('Exit codes:'));
  const output = {
    writeOut: (s: string) => rt.stdout.write(s),
    writeErr: (s: string) => rt.stderr.write(s),
    getOutHelpWidth: () => width,
    getErrHelpWidth: () => width,
    // Commander's own errors (unknown option, missing value) read like ours: one line starting "rfm: ".
    outputError: (s: string, write: (s: string) => void) => write(s.replace(/^error: /, 'rfm: ')),
  };
  const program = new Command('rfm')
    .description(
      'RFM customer segmentation straight from shop order exports (Taobao/Tmall, JD, Shopify, WooCommerce, CSV)',
    )
    .version(packageVersion())
    .option('--debug', 'show stack traces of errors')
    .configureOutput(output)
    // Every title commander prints (its own and our option groups) goes through styleTitle: one translation.
    .configureHelp({ styleTitle: h })
    .exitOverride()
    .showHelpAfterError('(rfm --help for usage)')
    .addHelpText('after', examplesText('rfm', width) + wrapHelp(exitHelp, width))
    .hook('preAction', (_program, action) => applyConfig(action, rt));
  for (const mod of [
    inspect,
    profiles,
    segment,
    dormant,
    summary,
    crowd,
    tiers,
    report,
    cohort,
    campaign,
    log,
    predict,
  ] as {
    meta: { name: string; summary: string };
    FORMATS?: Format[];
    run: (files: string[], flags: never, rt: Runtime) => Promise<unknown>;
    HELP?: string;
    configure?: (c: Cmd) => void;
  }[]) {
    const cmd = program
      .command(mod.meta.name)
      .description(mod.meta.summary)
      .argument(
        '[files...]',
        "order exports (CSV/TSV/text, gzip, .xlsx), folders of them, or '-' for stdin; several are read as one history",
      );
    // Options in groups, the command's own first; the 25 reading options last.
    cmd.optionsGroup(`Options of rfm ${mod.meta.name}:`);
    mod.configure?.(cmd);
    cmd.optionsGroup('Output options:');
    if (mod === inspect)
      cmd
        .option('-o, --output <file>', 'write the report to a file')
        .addOption(
          new Option('--format <format>', 'text, json, or csv (one row per column: its role)')
            .choices(['text', 'json', 'csv'])
            .default('text'),
        )
        .option('-q, --quiet', 'accepted like every command (inspect prints its report and no summary)')
        .addOption(langOption());
    else addOutputOptions(cmd, mod.FORMATS);
    cmd.optionsGroup('Input options (reading the exports):');
    addInputOptions(cmd);
    cmd.option(
      '--config <file>',
      `settings file (default: ${CONFIG_FILE} in the working folder, if present); flags override it`,
    );
    cmd.addHelpText('after', examplesText(mod.meta.name, width));
    if (mod.HELP) cmd.addHelpText('after', wrapHelp(mod.HELP, width));
    cmd.addHelpText('after', wrapHelp(exitHelp, width)).exitOverride().configureOutput(output);
    cmd.action((files: string[], flags: Record<string, unknown>) => {
      pending.run = mod.run(files, flags as never, rt);
    });
  }
  // rfm sql reads no export: it writes the query that reads rfm log's table.
  const sqlCmd = program.command(sql.meta.name).description(sql.meta.summary);
  sqlCmd.optionsGroup(`Options of rfm ${sql.meta.name}:`);
  sql.configure(sqlCmd);
  sqlCmd
    .option('--config <file>', `settings file (default: ${CONFIG_FILE} in the working folder, if present)`)
    .addHelpText('after', examplesText(sql.meta.name, width) + wrapHelp(sql.HELP, width) + wrapHelp(exitHelp, width))
    .exitOverride()
    .configureOutput(output)
    .action((flags: sql.SqlFlags) => {
      pending.run = sql.run(flags, rt);
    });
  return program;
}

/**
 * A command's options declared once: one typed table per command gives both its parser
 * (node:util parseArgs, strict) and its usage text, so an option cannot be parsed without being
 * documented, or documented without being parsed.
 */
import { parseArgs } from 'node:util';

export interface OptionSpec {
  type: 'string' | 'boolean';
  multiple?: boolean;
  short?: string;
  /** What the option takes, as the usage shows it (`N`, `FILE`, `i/N`). */
  value?: string;
  /** What it does (wrapped to the usage's width). */
  help: string;
}

export interface CommandSpec {
  /** The usage lines after "Usage: " (a command with two forms has two). */
  synopsis: readonly string[];
  /** What the command does, before the options (paragraphs separated by blank lines, kept as written). */
  about: string;
  options: Readonly<Record<string, OptionSpec>>;
  /** Whether the command takes positional arguments (files, folders). */
  positionals: boolean;
  /** Lines after the options. */
  footer?: string;
}

const HELP: OptionSpec = { type: 'boolean', short: 'h', help: 'show this help' };
const WIDTH = 92;

/** The usage text: synopsis, what the command does, then every option with what it takes and does. */
export function usageOf(spec: CommandSpec): string {
  const entries = Object.entries<OptionSpec>({ ...spec.options, help: HELP }).map(([name, o]) => ({
    flag: `${o.short ? `-${o.short}, ` : ''}--${name}${o.value ? ` ${o.value}` : ''}`,
    help: o.help,
  }));
  const column = Math.min(24, Math.max(...entries.map((e) => e.flag.length)) + 4);
  const lines = entries.flatMap((e) => {
    const words = wrap(e.help, WIDTH - column);
    if (e.flag.length + 2 + 2 > column) return [`  ${e.flag}`, ...words.map((w) => `${' '.repeat(column)}${w}`)];
    return words.map((w, i) => (i === 0 ? `  ${e.flag.padEnd(column - 2)}${w}` : `${' '.repeat(column)}${w}`));
  });
  const synopsis = spec.synopsis.map((s, i) => `${i === 0 ? 'Usage: ' : '       '}${s}`);
  const footer = spec.footer ? `\n${wrap(spec.footer, WIDTH).join('\n')}\n` : '';
  return `${[...synopsis, '', spec.about.trimEnd(), '', 'Options:', ...lines].join('\n')}\n${footer}`;
}

function wrap(text: string, width: number): string[] {
  const out: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line && line.length + 1 + word.length > width) {
      out.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) out.push(line);
  return out;
}

type Parsed<O extends Readonly<Record<string, OptionSpec>>> = {
  values: { [K in keyof O]?: O[K]['type'] extends 'boolean' ? boolean : O[K]['multiple'] extends true ? string[] : string } & { help?: boolean };
  positionals: string[];
};

/** Parse a command's arguments by its table (strict: an unknown option is an error). */
export function parseCommand<S extends CommandSpec>(spec: S, argv: string[]): Parsed<S['options']> {
  const options = Object.fromEntries(
    Object.entries<OptionSpec>({ ...spec.options, help: HELP }).map(([name, o]) => [name, { type: o.type, ...(o.multiple ? { multiple: true } : {}), ...(o.short ? { short: o.short } : {}) }]),
  );
  const { values, positionals } = parseArgs({ args: argv, options: options as Parameters<typeof parseArgs>[0] extends infer C ? C extends { options?: infer P } ? NonNullable<P> : never : never, allowPositionals: spec.positionals, strict: true });
  return { values: values as Parsed<S['options']>['values'], positionals };
}

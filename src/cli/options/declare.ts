/**
 * Options and arguments, each declared once: its value kind (values.ts), its help line and
 * whether it is required, repeatable or has a default. The framework builds the parser, the
 * checks and the usage text from these declarations (framework/parse.ts, framework/help.ts).
 * Option names are the declaration's keys in camelCase: `maxAttempts` is `--max-attempts`.
 */
import type { Value } from "./values";

export type OptionMode = "optional" | "required" | "default" | "repeated" | "flag";

export interface OptionDecl<T = unknown, M extends OptionMode = OptionMode> {
  readonly mode: M;
  /** Absent for a flag. */
  readonly value?: Value<T>;
  readonly help: string;
  /** The value when the option is absent (mode "default"). */
  readonly fallback?: T;
  /** Shown as "(default …)" after the help line. */
  readonly defaultText?: string;
}

export type Options = Record<string, OptionDecl>;

/** An optional option: undefined when absent. */
export function option<T>(value: Value<T>, help: string, defaultText?: string): OptionDecl<T, "optional"> {
  return { mode: "optional", value, help, defaultText };
}

/** An option the command cannot run without. */
export function required<T>(value: Value<T>, help: string): OptionDecl<T, "required"> {
  return { mode: "required", value, help };
}

/** An option that takes `fallback` when absent. */
export function withDefault<T>(value: Value<T>, help: string, fallback: T, defaultText = String(fallback)): OptionDecl<T, "default"> {
  return { mode: "default", value, help, fallback, defaultText };
}

/** An option that may be given several times: the values in order ([] when absent). */
export function repeated<T>(value: Value<T>, help: string): OptionDecl<T, "repeated"> {
  return { mode: "repeated", value, help };
}

/** A yes/no switch: true when given. */
export function flag(help: string): OptionDecl<boolean, "flag"> {
  return { mode: "flag", help };
}

/** A positional argument: its NAME in the usage line, its value kind, the label errors use. */
export interface ArgDecl<T = unknown> {
  readonly name: string;
  readonly value: Value<T>;
  readonly label: string;
}

export type Args = Record<string, ArgDecl>;

export function arg<T>(argName: string, value: Value<T>, label = argName): ArgDecl<T> {
  return { name: argName, value, label };
}

/** The parsed value of one option declaration. */
export type OptionValue<D> =
  D extends OptionDecl<infer T, infer M>
    ? M extends "flag"
      ? boolean
      : M extends "repeated"
        ? T[]
        : M extends "optional"
          ? T | undefined
          : T
    : never;

/** What a command receives: its arguments and options, parsed, by declaration key. */
export type Input<A extends Args, O extends Options> = { [K in keyof A]: A[K] extends ArgDecl<infer T> ? T : never } & {
  [K in keyof O]: OptionValue<O[K]>;
};

/** `maxAttempts` → `max-attempts`. */
export function flagName(key: string): string {
  return key.replace(/[A-Z]/g, (c) => "-" + c.toLowerCase());
}

// The benchmark scripts' command lines (bench/*.mjs): --help prints the script's usage; a flag it
// does not know, or a value it cannot take, prints what is wrong and the usage and exits 2 before
// any work is done.
import { parseArgs } from "node:util";

/**
 * Parses process.argv for a benchmark. usage is its help text; options as node:util parseArgs
 * takes them (--help is added). Returns the values and checkers that end the run on a bad value.
 */
export function benchArgs(usage, options) {
  const fail = (message) => {
    process.stderr.write(`${message}\n\n${usage}\n`);
    process.exit(2);
  };
  let values;
  try {
    ({ values } = parseArgs({ options: { ...options, help: { type: "boolean", default: false } } }));
  } catch (e) {
    fail(e.message);
  }
  if (values.help) {
    process.stdout.write(`${usage}\n`);
    process.exit(0);
  }
  /** The flag's value as a whole number ≥ 1 (text, when given, instead of the flag's own value). */
  const whole = (flag, text = values[flag]) => {
    if (!/^[0-9]+$/.test(String(text)) || Number(text) < 1) fail(`--${flag} takes a whole number from 1, got '${text}'`);
    return Number(text);
  };
  /** The flag's comma-separated value as whole numbers ≥ 1, each larger than the one before. */
  const rising = (flag) => {
    const list = String(values[flag]).split(",").map((t) => whole(flag, t));
    if (list.some((x, i) => i > 0 && x <= list[i - 1])) fail(`--${flag} takes rising whole numbers, got '${values[flag]}'`);
    return list;
  };
  /** fn's result, or the run ended with its error's message (for checks made elsewhere, such as a --pg URL). */
  const checked = (fn) => {
    try {
      return fn();
    } catch (e) {
      return fail(e.message);
    }
  };
  return { values, whole, rising, checked, fail };
}

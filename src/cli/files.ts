/** Output files written whole or not at all: a temporary file in the same folder, then rename. */
import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { CliError } from "./framework";

/** Streams chunks into `path` atomically; CliError (nothing left behind) when it cannot. */
export function writeFileAtomic(path: string, write: (chunk: (text: string) => void) => void): void {
  const target = resolve(path);
  const tmp = join(dirname(target), `.${basename(target)}.${process.pid}.tmp`);
  let fd: number;
  try {
    fd = openSync(tmp, "w", 0o644);
  } catch (e) {
    throw new CliError(`cannot write ${target}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  let buffer = "";
  try {
    write((text) => {
      buffer += text;
      if (buffer.length >= 1 << 16) {
        writeSync(fd, buffer);
        buffer = "";
      }
    });
    writeSync(fd, buffer);
    fsyncSync(fd);
    closeSync(fd);
    renameSync(tmp, target);
  } catch (e) {
    try {
      closeSync(fd);
    } catch {
      // already closed
    }
    rmSync(tmp, { force: true });
    if (e instanceof CliError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    if (code !== undefined) throw new CliError(`cannot write ${target}: ${code}`);
    throw e;
  }
}

/** Streams `emit` to FILE atomically when `out` is given, else to stdout in 64 KiB pieces. */
export function writeOutput(out: string | undefined, stdout: { write(text: string): void }, emit: (chunk: (text: string) => void) => void): void {
  if (out !== undefined) {
    writeFileAtomic(out, emit);
    return;
  }
  let buffer = "";
  emit((t) => {
    buffer += t;
    if (buffer.length >= 1 << 16) {
      stdout.write(buffer);
      buffer = "";
    }
  });
  stdout.write(buffer);
}

/**
 * Output files written whole or not at all: a temporary file beside the target, renamed into
 * place once complete, so a reader never sees half a file.
 */
import { closeSync, existsSync, fsyncSync, openSync, renameSync, statSync, unlinkSync, writeSync } from "node:fs";
import { resolve } from "node:path";
import { Failure } from "./exit";

function errno(e: unknown): string {
  return (e as NodeJS.ErrnoException).code ?? (e as Error).message;
}

/** Refuses a path that exists (unless `force`) or is not a regular file. Call before any work. */
export function refuseExisting(path: string, force: boolean): void {
  if (!existsSync(path)) return;
  if (!statSync(path).isFile()) throw new Failure("FILE_UNWRITABLE", `${path} is not a regular file`);
  if (!force) throw new Failure("FILE_EXISTS", `${path} already exists: pass --force to replace it`);
}

/** A file under construction: FILE.tmp-PID until commit() renames it to FILE. */
export class AtomicFile {
  private readonly tmp: string;
  private fd: number;
  private buffer = "";

  /** Opens the temporary file; Failure FILE_UNWRITABLE when the folder is missing or not writable. */
  constructor(
    private readonly path: string,
    mode = 0o644,
  ) {
    this.tmp = `${resolve(path)}.tmp-${process.pid}`;
    try {
      this.fd = openSync(this.tmp, "wx", mode);
    } catch (e) {
      throw new Failure("FILE_UNWRITABLE", `cannot write ${path}: ${errno(e)}`);
    }
  }

  write(text: string): void {
    this.buffer += text;
    if (this.buffer.length >= 1 << 16) this.flush();
  }

  /** Flushes to disk and renames into place (replacing any file at the path). */
  commit(): void {
    try {
      this.flush();
      fsyncSync(this.fd);
      closeSync(this.fd);
      this.fd = -1;
      renameSync(this.tmp, this.path);
    } catch (e) {
      this.abandon();
      throw new Failure("FILE_UNWRITABLE", `cannot write ${this.path}: ${errno(e)}`);
    }
  }

  /** Removes the temporary file (after a failure); harmless after commit(). */
  abandon(): void {
    if (this.fd >= 0) closeSync(this.fd);
    this.fd = -1;
    try {
      unlinkSync(this.tmp);
    } catch {
      // already renamed, or never created: nothing to clean up
    }
  }

  private flush(): void {
    writeSync(this.fd, this.buffer);
    this.buffer = "";
  }
}

/** Where an export goes: FILE (atomically) when `out` is given, else stdout in 64 KiB pieces. */
export interface Sink {
  write(text: string): void;
  /** Completes the output (renames the file into place); abandon() after a failure. */
  commit(): void;
  abandon(): void;
}

export function sinkFor(out: string | undefined, stdout: { write(text: string): void }, mode?: number): Sink {
  if (out !== undefined) return new AtomicFile(out, mode);
  let buffer = "";
  return {
    write(text) {
      buffer += text;
      if (buffer.length >= 1 << 16) {
        stdout.write(buffer);
        buffer = "";
      }
    },
    commit() {
      stdout.write(buffer);
      buffer = "";
    },
    abandon() {
      buffer = "";
    },
  };
}

/** Writes everything `emit` produces into the sink, committing it only when emit succeeds. */
export async function writeAll(sink: Sink, emit: (write: (text: string) => void) => Promise<void>): Promise<void> {
  try {
    await emit((t) => sink.write(t));
    sink.commit();
  } catch (e) {
    sink.abandon();
    throw e;
  }
}

/** Failure FILE_UNREADABLE for an input file that cannot be read. */
export function unreadable(file: string, e: unknown): Failure {
  return new Failure("FILE_UNREADABLE", `cannot read ${file}: ${errno(e)}`);
}

/**
 * The slice of modesl 1.2.1 that src/cli/esl/client.ts uses (the package ships no types).
 * Connection(host, port, password) connects at once, answers `auth/request` by itself and, once
 * accepted, subscribes `event json BACKGROUND_JOB CHANNEL_EXECUTE_COMPLETE` without waiting.
 * Events are emitted through EventEmitter2 with `::` as delimiter, e.g.
 * `esl::event::command::reply`, `esl::event::api::response`, `esl::event::BACKGROUND_JOB::<Job-UUID>`.
 */
declare module "modesl" {
  import type { Socket } from "node:net";

  export class Event {
    getHeader(name: string): string | null;
    getBody(): string;
  }

  export class Connection {
    constructor(host: string, port: number, password: string);
    /** The TCP socket; modesl sets it to null on 'end'. */
    socket: Socket | null;
    /** Writes `command\n[key: value\n…]\n` to the socket; no reply tracking. */
    send(command: string, args?: Record<string, string>): void;
    on(event: string, listener: (...args: any[]) => void): this;
    removeAllListeners(event?: string): this;
  }
}

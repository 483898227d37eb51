import { existsSync, mkdirSync, readdirSync, renameSync, statSync, writeFileSync } from "node:fs";
import { basename, extname, join } from "node:path";

/**
 * A watched hot folder: scanners and other programs drop files in it; each file is imported once it is
 * complete (its size and modification time unchanged across two looks), then moved to done/ or, with a
 * `.reason.txt` beside it, to quarantine/. Polling rather than fs.watch: it works the same on network
 * shares and every OS, and a scan every couple of seconds is plenty for paper.
 */
export interface HotFolderResult {
  status: "imported" | "duplicate" | "quarantined";
  reason?: string;
}

export interface HotFolderOptions {
  folder: string;
  importFile: (path: string) => Promise<HotFolderResult>;
  intervalMs?: number;
  onEvent?: (event: { file: string; result: HotFolderResult }) => void;
}

const ACCEPTED = /\.(pdf|png|jpe?g|tiff?)$/i;

function uniqueTarget(folder: string, name: string): string {
  let target = join(folder, name);
  for (let index = 1; existsSync(target); index += 1) {
    target = join(folder, `${basename(name, extname(name))}-${index}${extname(name)}`);
  }
  return target;
}

export class HotFolder {
  readonly #options: Required<Omit<HotFolderOptions, "onEvent">> & Pick<HotFolderOptions, "onEvent">;
  readonly #seen = new Map<string, string>();
  #timer: NodeJS.Timeout | undefined;
  #busy = false;

  constructor(options: HotFolderOptions) {
    this.#options = { intervalMs: 2000, ...options };
    for (const sub of ["done", "quarantine"]) mkdirSync(join(options.folder, sub), { recursive: true });
  }

  start(): void {
    this.#timer = setInterval(() => void this.scanOnce(), this.#options.intervalMs);
  }

  stop(): void {
    clearInterval(this.#timer);
  }

  /** One look at the folder: imports the files that have stopped changing since the previous look. */
  async scanOnce(): Promise<number> {
    if (this.#busy) return 0;
    this.#busy = true;
    let handled = 0;
    try {
      const { folder } = this.#options;
      const present = new Set<string>();
      for (const name of readdirSync(folder).sort()) {
        const path = join(folder, name);
        if (name.startsWith(".") || !ACCEPTED.test(name)) continue;
        let signature: string;
        try {
          const stats = statSync(path);
          if (!stats.isFile()) continue;
          signature = `${stats.size}:${stats.mtimeMs}`;
        } catch {
          continue;
        }
        present.add(path);
        const previous = this.#seen.get(path);
        this.#seen.set(path, signature);
        if (previous !== signature) continue; // new, or still being written
        const result = await this.#options.importFile(path);
        const destination = result.status === "quarantined" ? join(folder, "quarantine") : join(folder, "done");
        const target = uniqueTarget(destination, name);
        renameSync(path, target);
        if (result.status === "quarantined") writeFileSync(`${target}.reason.txt`, `${result.reason ?? "refused"}\n`);
        this.#seen.delete(path);
        this.#options.onEvent?.({ file: name, result });
        handled += 1;
      }
      for (const path of this.#seen.keys()) if (!present.has(path)) this.#seen.delete(path);
    } finally {
      this.#busy = false;
    }
    return handled;
  }
}

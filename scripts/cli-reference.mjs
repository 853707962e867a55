// Writes docs/cli-reference.md: the --help of every ccard command, generated from the commands'
// declarations (build first: npm run build). With --check it writes nothing and exits 1 when the
// file is not what the commands would print (spec/node/cli/docs.test.ts runs it so).
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const { rootCommand } = require("../dist/src/cli/main.js");
const { helpText } = require("../dist/src/cli/framework/help.js");
const { isGroup } = require("../dist/src/cli/framework/command.js");

const FILE = "docs/cli-reference.md";
const GLOBAL = "\nGlobal options:";

function sections(node, path) {
  const help = helpText(node, path);
  const body = path.length === 1 ? help : help.slice(0, help.indexOf(GLOBAL));
  const here = [`## ${path.join(" ")}\n\n\`\`\`text\n${body.trimEnd()}\n\`\`\`\n`];
  return isGroup(node) ? [...here, ...node.commands.flatMap((c) => sections(c, [...path, c.name]))] : here;
}

const text =
  "# ccard command reference\n\n" +
  "What `ccard COMMAND --help` prints, for every command; generated from the commands' declarations by\n" +
  "`node scripts/cli-reference.mjs` (a spec fails when this file is stale). The guides: [cli-cards.md](cli-cards.md),\n" +
  "[cli-rates.md](cli-rates.md), [esl.md](esl.md); exit codes and `--json`: [cli-json.md](cli-json.md). Every command\n" +
  "also takes the global options shown under `ccard`.\n\n" +
  sections(rootCommand, ["ccard"]).join("\n");

if (process.argv.includes("--check")) {
  let have = "";
  try {
    have = readFileSync(FILE, "utf8");
  } catch {
    // missing: stale
  }
  if (have !== text) {
    console.error(`${FILE} is stale: run 'node scripts/cli-reference.mjs' after 'npm run build'`);
    process.exit(1);
  }
} else {
  writeFileSync(FILE, text);
}

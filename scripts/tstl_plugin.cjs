// The TypeScriptToLua plugin of the Lua build (tstl.json, luaPlugins). Two changes to what
// TypeScriptToLua emits, both for the cost of a call (docs/benchmarks.md, "Call capacity"):
//
// - src/domain/bug.ts becomes Lua's own error() in dist-lua/domain/bug.lua. The TypeScript throws
//   an Error, which is right on Node; in Lua it would have every IVR bundle build TypeScriptToLua's
//   six error classes as it loads, on every call. The message is raised as it is, with no
//   position: the entry script's handler logs the stack (src/ivr/host/run_entry.ts).
// - A chain of string concatenations is printed as one Lua concatenation. TypeScript's `+` groups
//   to the left and Lua's `..` to the right, so TypeScriptToLua prints `a + b + c` as
//   `(a .. b) .. c`: every `..` of a chain then builds a string of its own, and a statement
//   assembled from ten pieces builds ten ever longer strings that are garbage at once. Printed as
//   `a .. b .. c`, Lua concatenates all the pieces in one step (one string), and adjacent string
//   literals are joined at build time. The operands are still evaluated left to right; the
//   result is the same string (concatenation is associative on strings and numbers, and the
//   code concatenates nothing else).
const { LuaPrinter } = require("typescript-to-lua");
const lua = require("typescript-to-lua/dist/LuaAST");

const BUG_LUA = `local ____exports = {}
--- Raises a bug (src/domain/bug.ts, made Lua's error by scripts/tstl_plugin.cjs).
function ____exports.bug(message)
    error(message, 0)
end
return ____exports
`;

// Lua's precedence of `..` (below + and -, above the comparisons), as TypeScriptToLua's printer ranks it.
const CONCAT_PRECEDENCE = LuaPrinter.operatorPrecedence[lua.SyntaxKind.ConcatOperator];
const isConcat = (e) => lua.isBinaryExpression(e) && e.operator === lua.SyntaxKind.ConcatOperator;

/** The operands of a concatenation chain in order, adjacent string literals joined. */
function concatOperands(expression) {
  const flat = [];
  const walk = (e) => {
    if (isConcat(e)) {
      walk(e.left);
      walk(e.right);
    } else {
      flat.push(e);
    }
  };
  walk(expression);
  const joined = [];
  for (const e of flat) {
    const last = joined[joined.length - 1];
    if (last !== undefined && lua.isStringLiteral(last) && lua.isStringLiteral(e)) {
      const both = lua.createStringLiteral(last.value + e.value);
      both.line = last.line;
      both.column = last.column;
      joined[joined.length - 1] = both;
    } else {
      joined.push(e);
    }
  }
  return joined;
}

class CcardPrinter extends LuaPrinter {
  printBinaryExpression(expression) {
    if (!isConcat(expression)) return super.printBinaryExpression(expression);
    const chunks = [];
    concatOperands(expression).forEach((operand, i) => {
      if (i > 0) chunks.push(" .. ");
      // No operand is a concatenation any more: only looser operators (comparisons, and/or) need brackets.
      chunks.push(this.printExpressionInParenthesesIfNeeded(operand, CONCAT_PRECEDENCE + 1));
    });
    return this.createSourceNode(expression, chunks);
  }
}

module.exports = {
  printer: (program, emitHost, fileName, file) => new CcardPrinter(emitHost, program, fileName).print(file),
  beforeEmit(_program, _options, _emitHost, result) {
    const files = result.filter((f) => f.outputPath.replace(/\\/g, "/").endsWith("/dist-lua/domain/bug.lua"));
    if (files.length !== 1) throw new Error(`tstl_plugin: expected one dist-lua/domain/bug.lua to emit, found ${files.length}`);
    files[0].code = BUG_LUA;
  },
};

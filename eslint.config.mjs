// Lints TypeScript. Lua-bound code (src/domain, src/ivr) additionally may not use what breaks
// or misbehaves once TypeScriptToLua turns it into Lua 5.2 for mod_lua.
import tseslint from "typescript-eslint";

const luaBound = ["src/domain/**/*.ts", "src/ivr/**/*.ts"];

export default tseslint.config(
  { ignores: ["dist/**", "dist-lua/**", "node_modules/**", "bench/**/*.mjs", "scripts/**"] },
  {
    files: ["src/**/*.ts", "spec/node/**/*.ts"],
    extends: [tseslint.configs.recommended],
    rules: {
      "@typescript-eslint/no-explicit-any": "off",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_" }],
    },
  },
  {
    files: luaBound,
    languageOptions: {
      parserOptions: { project: "./tstl.json", tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      "@typescript-eslint/strict-boolean-expressions": [
        "error",
        { allowString: false, allowNumber: false, allowNullableObject: false },
      ],
      "no-bitwise": "error",
      "@typescript-eslint/restrict-plus-operands": ["error", { allowNumberAndString: false, allowAny: false }],
      // Numbers in strings print "5.0" on Lua 5.3 and "1e+14" on 5.2: format them with intStr().
      "@typescript-eslint/restrict-template-expressions": [
        "error",
        { allowNumber: false, allowBoolean: false, allowAny: false, allowNullish: false },
      ],
      "no-restricted-globals": [
        "error",
        { name: "JSON", message: "JSON does not exist in mod_lua." },
        { name: "Date", message: "Date does not exist in Lua; take time from the clock adapter." },
        { name: "console", message: "No console in mod_lua; log through the host adapter." },
        { name: "process", message: "Node-only." },
        { name: "Buffer", message: "Node-only." },
        { name: "setTimeout", message: "No timers in mod_lua." },
        { name: "Promise", message: "No promises in mod_lua." },
      ],
      "no-restricted-imports": [
        "error",
        { patterns: [{ group: ["node:*", "fs", "path", "child_process", "better-sqlite3", "pg", "modesl", "../cli/*", "../../cli/*"], message: "Lua-bound code may not import Node modules or CLI code." }],
        },
      ],
      "no-restricted-syntax": [
        "error",
        { selector: "Literal[raw='null']", message: "No null in Lua-bound code: use undefined (nil)." },
        { selector: "Literal[regex]", message: "Regex literals do not translate to Lua." },
        { selector: "NewExpression[callee.name='RegExp']", message: "RegExp does not translate to Lua." },
        { selector: "AwaitExpression", message: "async/await fails in mod_lua." },
        { selector: "FunctionDeclaration[async=true], ArrowFunctionExpression[async=true], FunctionExpression[async=true]", message: "async/await fails in mod_lua." },
        { selector: "FunctionDeclaration[generator=true], FunctionExpression[generator=true]", message: "Generators do not belong in Lua-bound code." },
        { selector: "BinaryExpression[operator='>>>']", message: "No bitwise operators in Lua-bound code." },
        { selector: "BinaryExpression[operator='**']", message: "Exponentiation goes through float pow in Lua; multiply integers instead." },
        { selector: "NewExpression[callee.name=/Error$/], ClassDeclaration[superClass.name=/Error$/]", message: "Lua-bound code raises bugs with bug() (src/domain/bug.ts): an Error costs every call its classes." },
      ],
    },
  },
  // The one Error of Lua-bound code: Node's side of bug(); the Lua build replaces the module.
  { files: ["src/domain/bug.ts"], rules: { "no-restricted-syntax": "off" } },
);

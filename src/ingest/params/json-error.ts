/**
 * Where JSON text first goes wrong, and how. JSON.parse says so only in some engines' messages
 * (and only as a character position); this walks the text once to find the offset itself.
 */
export interface JsonProblem {
  position: number;
  reason: string;
}

export function findJsonProblem(text: string): JsonProblem | null {
  let i = 0;
  const fail = (reason: string): never => {
    throw { position: i, reason } satisfies JsonProblem;
  };
  const describe = () => (i >= text.length ? 'the text ends too early' : `unexpected ${JSON.stringify(text[i])}`);
  const space = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i])) i++;
  };
  const expect = (char: string, what: string) => {
    space();
    if (text[i] !== char) fail(`${describe()}; ${what} was expected`);
    i++;
  };
  const string = () => {
    i++;
    while (i < text.length && text[i] !== '"') {
      if (text[i] === '\\') {
        i++;
        if (text[i] === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 1, i + 5))) fail('a \\u escape needs four hex digits');
          i += 4;
        } else if (!'"\\/bfnrt'.includes(text[i] ?? '')) fail(`${describe()} after a backslash`);
      } else if (text.charCodeAt(i) < 0x20) fail('a line break or control character inside a string (write it as \\n)');
      i++;
    }
    if (i >= text.length) fail('a string is never closed (a " is missing)');
    i++;
  };
  const value = (): void => {
    space();
    const char = text[i];
    if (char === '{') {
      i++;
      space();
      if (text[i] === '}') return void i++;
      for (;;) {
        space();
        if (text[i] !== '"') fail(`${describe()}; a property name in double quotes was expected`);
        string();
        expect(':', "':'");
        value();
        space();
        if (text[i] === ',') i++;
        else if (text[i] === '}') return void i++;
        else fail(`${describe()}; ',' or '}' was expected`);
      }
    }
    if (char === '[') {
      i++;
      space();
      if (text[i] === ']') return void i++;
      for (;;) {
        value();
        space();
        if (text[i] === ',') i++;
        else if (text[i] === ']') return void i++;
        else fail(`${describe()}; ',' or ']' was expected`);
      }
    }
    if (char === '"') return string();
    const literal = /^(?:true|false|null|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][-+]?\d+)?)/.exec(text.slice(i, i + 400));
    if (!literal) fail(`${describe()}; a value was expected`);
    i += literal![0].length;
  };
  try {
    value();
    space();
    if (i < text.length) fail(`${describe()} after the end of the JSON value`);
    return null;
  } catch (problem) {
    if (problem && typeof problem === 'object' && 'position' in problem) return problem as JsonProblem;
    throw problem;
  }
}

/**
 * Parses SCIM filters (RFC 7644 §3.4.2.2) and PATCH paths (§3.5.2) into a small tree.
 * Operators and keywords are case-insensitive; "and" binds tighter than "or"; "not" needs
 * parentheses. One extension to the grammar, because Entra ID sends it when it checks that a
 * user exists: a value path followed by a sub-attribute comparison,
 * `emails[type eq "work"].value eq "ana@example.com"`, read as "some work email equals".
 */
import { err, ok, type Result } from '../../shared/result.ts';

export const COMPARE_OPERATORS = ['eq', 'ne', 'co', 'sw', 'ew', 'gt', 'ge', 'lt', 'le'] as const;
export type CompareOperator = (typeof COMPARE_OPERATORS)[number];
export type FilterValue = string | number | boolean | null;

/** `urn:...:User:name.givenName` is { uri, attribute: 'name', subAttribute: 'givenName' }. */
export interface AttributePath {
  uri?: string;
  attribute: string;
  subAttribute?: string;
}

export type Filter =
  | { kind: 'compare'; path: AttributePath; operator: CompareOperator; value: FilterValue }
  | { kind: 'present'; path: AttributePath }
  | { kind: 'and' | 'or'; left: Filter; right: Filter }
  | { kind: 'not'; filter: Filter }
  /** Some element of a multi-valued attribute matches `filter` (its paths are sub-attributes). */
  | { kind: 'valuePath'; path: AttributePath; filter: Filter };

/** A PATCH target: `members`, `name.familyName`, `emails[type eq "work"].value`. */
export interface PatchPath {
  path: AttributePath;
  filter?: Filter;
  /** The sub-attribute after a value filter, as in `emails[...].value`. */
  subAttribute?: string;
}

const MAX_FILTER_LENGTH = 4096;
const MAX_DEPTH = 32;

/**
 * Reads a filter; the error says where and what was expected, for the SCIM "detail".
 *
 * @example parseFilter('userName eq "ana@example.com" and active eq true')
 */
export function parseFilter(text: string): Result<Filter, string> {
  if (text.length > MAX_FILTER_LENGTH) {
    return err(`the filter is longer than ${MAX_FILTER_LENGTH} characters`);
  }
  const tokens = tokenize(text);
  if (!tokens.ok) return tokens;

  const parser = new FilterParser(tokens.value, text);
  return parser.parseWhole();
}

/** Reads the `path` of a PATCH operation (RFC 7644 §3.5.2, the PATH rule). */
export function parsePatchPath(text: string): Result<PatchPath, string> {
  const tokens = tokenize(text);
  if (!tokens.ok) return tokens;

  const parser = new FilterParser(tokens.value, text);
  return parser.parsePatchPath();
}

/** Splits `urn:...:User:manager.value` or `name.givenName` into its parts. */
export function readAttributePath(word: string): Result<AttributePath, string> {
  let uri: string | undefined;
  let rest = word;
  if (/^urn:/i.test(word)) {
    const colon = word.lastIndexOf(':');
    uri = word.slice(0, colon);
    rest = word.slice(colon + 1);
  }

  const parts = rest.split('.');
  if (parts.length > 2 || parts.some((part) => !ATTRIBUTE_NAME.test(part))) {
    return err(`"${word}" is not an attribute path; write it as name or name.subName`);
  }
  const [attribute, subAttribute] = parts as [string, string | undefined];
  return ok({ ...(uri === undefined ? {} : { uri }), attribute, ...sub(subAttribute) });
}

const sub = (subAttribute: string | undefined) =>
  subAttribute === undefined ? {} : { subAttribute };

// RFC 7643 §2.1 ATTRNAME, plus "$ref", which the RFC itself uses as a sub-attribute.
const ATTRIBUTE_NAME = /^(?:[A-Za-z][\w-]*|\$ref)$/;

type Token =
  | { type: 'word'; text: string; at: number }
  | { type: 'string'; value: string; at: number }
  | { type: 'number'; value: number; at: number }
  | { type: '(' | ')' | '[' | ']'; at: number }
  | { type: 'end'; at: number };

function tokenize(text: string): Result<Token[], string> {
  const tokens: Token[] = [];
  let at = 0;

  while (at < text.length) {
    const char = text[at] as string;
    if (/\s/.test(char)) {
      at += 1;
    } else if ('()[]'.includes(char)) {
      tokens.push({ type: char as '(' | ')' | '[' | ']', at });
      at += 1;
    } else if (char === '"') {
      const end = closingQuote(text, at);
      if (end < 0) return err(`the string that starts at position ${at + 1} is never closed`);
      const value = readJsonString(text.slice(at, end + 1));
      if (value === undefined) return err(`the string at position ${at + 1} has a bad escape`);
      tokens.push({ type: 'string', value, at });
      at = end + 1;
    } else if (/[-\d]/.test(char)) {
      const match = /^-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?/.exec(text.slice(at));
      if (match === null) return err(`"${char}" at position ${at + 1} does not start a number`);
      tokens.push({ type: 'number', value: Number(match[0]), at });
      at += match[0].length;
    } else if (/[A-Za-z$.]/.test(char)) {
      const match = /^[\w$:.-]+/.exec(text.slice(at)) as RegExpExecArray;
      tokens.push({ type: 'word', text: match[0], at });
      at += match[0].length;
    } else {
      return err(`unexpected "${char}" at position ${at + 1}`);
    }
  }

  tokens.push({ type: 'end', at: text.length });
  return ok(tokens);
}

function closingQuote(text: string, start: number): number {
  for (let at = start + 1; at < text.length; at++) {
    if (text[at] === '\\') at += 1;
    else if (text[at] === '"') return at;
  }
  return -1;
}

function readJsonString(literal: string): string | undefined {
  try {
    return JSON.parse(literal) as string;
  } catch {
    return undefined;
  }
}

/** Thrown inside the parser only; parse functions turn it into an error Result. */
class FilterSyntaxError extends Error {}

class FilterParser {
  private index = 0;
  private depth = 0;

  constructor(
    private readonly tokens: Token[],
    private readonly text: string,
  ) {}

  parseWhole(): Result<Filter, string> {
    return this.attempt(() => {
      const filter = this.orExpression(false);
      this.expectEnd();
      return filter;
    });
  }

  parsePatchPath(): Result<PatchPath, string> {
    return this.attempt(() => {
      const path = this.attributePath();
      if (this.peek().type !== '[') {
        this.expectEnd();
        return { path };
      }

      this.next();
      const filter = this.orExpression(true);
      this.expect(']');
      const after = this.peek();
      let subAttribute: string | undefined;
      if (after.type === 'word' && after.text.startsWith('.')) {
        this.next();
        subAttribute = this.subAttributeName(after.text.slice(1), after.at);
      }
      this.expectEnd();
      return { path, filter, ...(subAttribute === undefined ? {} : { subAttribute }) };
    });
  }

  private attempt<T>(parse: () => T): Result<T, string> {
    try {
      return ok(parse());
    } catch (error) {
      if (error instanceof FilterSyntaxError) return err(error.message);
      throw error;
    }
  }

  private orExpression(inBrackets: boolean): Filter {
    let left = this.andExpression(inBrackets);
    while (this.isKeyword('or')) {
      this.next();
      left = { kind: 'or', left, right: this.andExpression(inBrackets) };
    }
    return left;
  }

  private andExpression(inBrackets: boolean): Filter {
    let left = this.unary(inBrackets);
    while (this.isKeyword('and')) {
      this.next();
      left = { kind: 'and', left, right: this.unary(inBrackets) };
    }
    return left;
  }

  private unary(inBrackets: boolean): Filter {
    this.depth += 1;
    if (this.depth > MAX_DEPTH) this.fail('the filter nests deeper than 32 levels');
    try {
      if (this.isKeyword('not')) {
        this.next();
        if (this.peek().type !== '(') this.fail('"not" must be followed by "("', this.peek());
        return { kind: 'not', filter: this.group(inBrackets) };
      }
      if (this.peek().type === '(') return this.group(inBrackets);
      return this.attributeExpression(inBrackets);
    } finally {
      this.depth -= 1;
    }
  }

  private group(inBrackets: boolean): Filter {
    this.expect('(');
    const filter = this.orExpression(inBrackets);
    this.expect(')');
    return filter;
  }

  private attributeExpression(inBrackets: boolean): Filter {
    const path = this.attributePath();

    if (this.peek().type === '[') {
      if (inBrackets) this.fail('a value filter cannot hold another "[...]"', this.peek());
      this.next();
      const inner = this.orExpression(true);
      this.expect(']');
      return { kind: 'valuePath', path, filter: this.afterValuePath(inner) };
    }
    return this.comparison(path);
  }

  /** `emails[type eq "work"].value eq "x"`: the comparison joins the element's filter. */
  private afterValuePath(inner: Filter): Filter {
    const after = this.peek();
    if (after.type !== 'word' || !after.text.startsWith('.')) return inner;

    this.next();
    const subAttribute = this.subAttributeName(after.text.slice(1), after.at);
    return { kind: 'and', left: inner, right: this.comparison({ attribute: subAttribute }) };
  }

  private comparison(path: AttributePath): Filter {
    const operator = this.next();
    const word = operator.type === 'word' ? operator.text.toLowerCase() : '';
    if (word === 'pr') return { kind: 'present', path };
    if (!isCompareOperator(word)) {
      this.fail(
        `expected an operator (${COMPARE_OPERATORS.join(', ')} or pr) after ` +
          `"${describePath(path)}"`,
        operator,
      );
    }
    return { kind: 'compare', path, operator: word, value: this.value() };
  }

  private value(): FilterValue {
    const token = this.next();
    if (token.type === 'string' || token.type === 'number') return token.value;
    if (token.type === 'word') {
      const word = token.text.toLowerCase();
      if (word === 'true') return true;
      if (word === 'false') return false;
      if (word === 'null') return null;
      this.fail(
        `the value "${token.text}" must be quoted ("${token.text}"), or be a number, ` +
          'true, false or null',
        token,
      );
    }
    return this.fail('expected a value (a quoted string, a number, true, false or null)', token);
  }

  private attributePath(): AttributePath {
    const token = this.next();
    if (token.type !== 'word' || token.text.startsWith('.')) {
      return this.fail('expected an attribute name', token);
    }
    const path = readAttributePath(token.text);
    if (!path.ok) return this.fail(path.error, token);
    return path.value;
  }

  private subAttributeName(name: string, at: number): string {
    if (!ATTRIBUTE_NAME.test(name)) {
      this.fail(`".${name}" is not a sub-attribute name`, { type: 'end', at });
    }
    return name;
  }

  private isKeyword(keyword: string): boolean {
    const token = this.peek();
    return token.type === 'word' && token.text.toLowerCase() === keyword;
  }

  private expect(type: '(' | ')' | '[' | ']'): void {
    const token = this.next();
    if (token.type !== type) this.fail(`expected "${type}"`, token);
  }

  private expectEnd(): void {
    const token = this.peek();
    if (token.type !== 'end') this.fail('expected "and", "or" or the end of the filter', token);
  }

  private peek(): Token {
    return this.tokens[this.index] as Token;
  }

  private next(): Token {
    const token = this.peek();
    if (token.type !== 'end') this.index += 1;
    return token;
  }

  private fail(message: string, token?: Token): never {
    if (token === undefined) throw new FilterSyntaxError(message);
    const found =
      token.type === 'end' ? 'the end' : `"${this.text.slice(token.at, token.at + 20)}"`;
    throw new FilterSyntaxError(`${message}, but found ${found} at position ${token.at + 1}`);
  }
}

function isCompareOperator(word: string): word is CompareOperator {
  return (COMPARE_OPERATORS as readonly string[]).includes(word);
}

export function describePath(path: AttributePath): string {
  const name = path.subAttribute ? `${path.attribute}.${path.subAttribute}` : path.attribute;
  return path.uri ? `${path.uri}:${name}` : name;
}

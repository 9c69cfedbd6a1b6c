/**
 * $filter: a small recursive-descent parser for the subset Dataverse documents for the Web API — comparison
 * operators eq ne gt ge lt le, and / or / not, parentheses, contains / startswith / endswith, literals, and
 * `<N:N nav>/any(x:x/<related id> eq <guid>)` (rows paired with one row).
 * https://learn.microsoft.com/power-apps/developer/data-platform/webapi/query/filter-rows
 * Properties are checked against the table as they are parsed, so errors read like Dataverse's OData errors.
 */
import type { ColumnModel } from '../../../../solution/src/model.js';
import type { Association, TableMeta } from '../metadata.js';
import { badRequest, propertyNotFound } from '../errors.js';
import { literalText, parseBareLiteral, readQuoted, type Literal } from './literals.js';

export type CompareOp = 'eq' | 'ne' | 'gt' | 'ge' | 'lt' | 'le';
export type StringFn = 'contains' | 'startswith' | 'endswith';
export interface PropertyRef {
  name: string;
  column: ColumnModel;
  /** Lookups (`_x_value`) and the primary key compare as GUIDs. */
  edm: string;
}
export type Filter =
  | { type: 'and' | 'or'; left: Filter; right: Filter }
  | { type: 'not'; expr: Filter }
  | { type: 'compare'; op: CompareOp; property: PropertyRef; literal: Literal }
  | { type: 'call'; fn: StringFn; property: PropertyRef; text: string }
  /** `<N:N nav>/any(x:x/<related primary key> eq <guid>)`: rows paired with that row (bound to `ids` per query). */
  | { type: 'related'; association: Association; relatedId: string }
  | { type: 'ids'; ids: ReadonlySet<string> };

type Token = { kind: '(' | ')' | ','; pos: number } | { kind: 'string'; value: string; pos: number } | { kind: 'word'; value: string; pos: number };

const OPS = new Set<string>(['eq', 'ne', 'gt', 'ge', 'lt', 'le']);
const OP_KIND: Record<CompareOp, string> = { eq: 'Equal', ne: 'NotEqual', gt: 'GreaterThan', ge: 'GreaterThanOrEqual', lt: 'LessThan', le: 'LessThanOrEqual' };
const EDM: Partial<Record<ColumnModel['type'], string>> = {
  string: 'Edm.String',
  memo: 'Edm.String',
  integer: 'Edm.Int32',
  bigint: 'Edm.Int64',
  decimal: 'Edm.Decimal',
  boolean: 'Edm.Boolean',
  datetime: 'Edm.DateTimeOffset',
  picklist: 'Edm.Int32',
  state: 'Edm.Int32',
  status: 'Edm.Int32',
  primarykey: 'Edm.Guid',
  lookup: 'Edm.Guid',
  owner: 'Edm.Guid',
};
const LITERAL_EDM: Record<Literal['kind'], string> = {
  string: 'Edm.String',
  number: 'Edm.Int32',
  boolean: 'Edm.Boolean',
  null: 'null',
  guid: 'Edm.Guid',
  datetime: 'Edm.DateTimeOffset',
};
const COMPATIBLE: Record<string, Literal['kind'][]> = {
  'Edm.String': ['string'],
  'Edm.Int32': ['number'],
  'Edm.Int64': ['number'],
  'Edm.Decimal': ['number'],
  'Edm.Boolean': ['boolean'],
  'Edm.DateTimeOffset': ['datetime'],
  'Edm.Guid': ['guid'],
};

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i] ?? '';
    if (/\s/.test(ch)) i++;
    else if (ch === '(' || ch === ')' || ch === ',') tokens.push({ kind: ch, pos: i++ });
    else if (ch === "'") {
      const q = readQuoted(text, i);
      if (!q) throw badRequest(`There is an unterminated string literal at position ${i} in '${text}'.`);
      tokens.push({ kind: 'string', value: q.value, pos: i });
      i = q.end;
    } else {
      const m = /^[^\s(),']+/.exec(text.slice(i));
      if (!m) throw badRequest(`Syntax error at position ${i} in '${text}'.`);
      tokens.push({ kind: 'word', value: m[0], pos: i });
      i += m[0].length;
    }
  }
  return tokens;
}

export function parseFilter(table: TableMeta, text: string): Filter {
  const tokens = tokenize(text);
  let at = 0;
  const syntax = (pos?: number) => badRequest(`Syntax error at position ${pos ?? text.length} in '${text}'.`);
  const peekWord = (w: string) => {
    const t = tokens[at];
    return t?.kind === 'word' && t.value === w;
  };
  const expect = (kind: '(' | ')' | ',') => {
    const t = tokens[at++];
    if (t?.kind !== kind) throw syntax(t?.pos);
  };
  const property = (name: string): PropertyRef => {
    const lookup = table.lookupProperties.get(name);
    const column = lookup ?? table.columns.get(name);
    if (!column || (!lookup && (column.type === 'lookup' || column.type === 'owner'))) throw propertyNotFound(name, table.logicalName);
    return { name, column, edm: EDM[column.type] ?? 'Edm.String' };
  };
  const literal = (): Literal => {
    const t = tokens[at++];
    if (t?.kind === 'string') return { kind: 'string', value: t.value };
    const l = t?.kind === 'word' ? parseBareLiteral(t.value) : undefined;
    if (!l) throw syntax(t?.pos);
    return l;
  };

  const primary = (): Filter => {
    const t = tokens[at];
    if (!t) throw syntax();
    if (t.kind === '(') {
      at++;
      const e = or();
      expect(')');
      return e;
    }
    if (t.kind !== 'word') throw syntax(t.pos);
    if (t.value.endsWith('/any') && tokens[at + 1]?.kind === '(') return lambda(t.value.slice(0, -'/any'.length));
    if (tokens[at + 1]?.kind === '(') {
      const fn = t.value;
      if (fn !== 'contains' && fn !== 'startswith' && fn !== 'endswith') {
        throw badRequest(
          `An unknown function with name '${fn}' was found. This may also be a function import or a key lookup on a navigation property, which is not allowed.`,
        );
      }
      at += 2;
      const p = tokens[at++];
      if (p?.kind !== 'word') throw syntax(p?.pos);
      const prop = property(p.value);
      expect(',');
      const arg = literal();
      expect(')');
      if (prop.edm !== 'Edm.String' || arg.kind !== 'string')
        throw badRequest(
          `No function signature for the function with name '${fn}' matches the specified arguments. The function signatures considered are: ${fn}(Edm.String Nullable=true, Edm.String Nullable=true).`,
        );
      return { type: 'call', fn, property: prop, text: arg.value };
    }
    at++;
    const prop = property(t.value);
    const opTok = tokens[at++];
    if (opTok?.kind !== 'word' || !OPS.has(opTok.value)) throw syntax(opTok?.pos);
    const op = opTok.value as CompareOp;
    const lit = literal();
    if (lit.kind !== 'null' && !(COMPATIBLE[prop.edm] ?? []).includes(lit.kind)) {
      throw badRequest(
        `A binary operator with incompatible types was detected. Found operand types '${prop.edm}' and '${LITERAL_EDM[lit.kind]}' for operator kind '${OP_KIND[op]}'. (${prop.name} ${op} ${literalText(lit)})`,
      );
    }
    return { type: 'compare', op, property: prop, literal: lit };
  };
  /** Only the form the relay uses: one `eq` on the related row's primary key inside `any`. */
  const lambda = (nav: string): Filter => {
    const association = table.associations.get(nav);
    if (!association) throw propertyNotFound(nav, table.logicalName);
    at += 2;
    const body = tokens[at++];
    const m = body?.kind === 'word' ? /^([A-Za-z_]\w*):([A-Za-z_]\w*)\/(\w+)$/.exec(body.value) : null;
    const op = tokens[at++];
    const id = literal();
    expect(')');
    if (!m || m[1] !== m[2] || m[3] !== `${association.table}id` || op?.kind !== 'word' || op.value !== 'eq' || id.kind !== 'guid') {
      throw badRequest(
        `The lambda expression in '${text}' is not supported by the Dataverse emulator (only ${nav}/any(x:x/${association.table}id eq <guid>)).`,
      );
    }
    return { type: 'related', association, relatedId: id.value };
  };
  const not = (): Filter => {
    if (peekWord('not')) {
      at++;
      return { type: 'not', expr: not() };
    }
    return primary();
  };
  const and = (): Filter => {
    let left = not();
    while (peekWord('and')) {
      at++;
      left = { type: 'and', left, right: not() };
    }
    return left;
  };
  const or = (): Filter => {
    let left = and();
    while (peekWord('or')) {
      at++;
      left = { type: 'or', left, right: and() };
    }
    return left;
  };

  const result = or();
  if (at < tokens.length) throw syntax(tokens[at]?.pos);
  return result;
}

/**
 * Route templates of HTTP triggers, as the host's ASP.NET Core routing reads them: literal segments (matched
 * case-insensitively), `{name}`, optional `{name?}`, catch-all `{*name}`, and constraints `{name:int}`
 * (also alpha, bool, guid, long, and `:int?`). Each parameter must be a whole segment; anything else is refused
 * at startup rather than silently mismatched.
 * Docs: https://learn.microsoft.com/azure/azure-functions/functions-bindings-http-webhook-trigger#customize-the-http-endpoint
 *       https://learn.microsoft.com/aspnet/core/fundamentals/routing#route-constraints
 */

type Segment =
  | { kind: 'literal'; text: string }
  | { kind: 'param'; name: string; optional: boolean; constraint?: (value: string) => boolean }
  | { kind: 'catchAll'; name: string };

export interface CompiledRoute {
  template: string;
  /** Sort key: routes with more literal segments win, catch-alls lose. */
  specificity: number;
  match(segments: string[]): Record<string, string> | undefined;
}

const CONSTRAINTS: Record<string, (v: string) => boolean> = {
  int: (v) => /^-?\d+$/.test(v) && Math.abs(Number(v)) <= 2_147_483_648,
  long: (v) => /^-?\d+$/.test(v),
  alpha: (v) => /^[A-Za-z]+$/.test(v),
  bool: (v) => /^(true|false)$/i.test(v),
  guid: (v) => /^\{?[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\}?$/i.test(v),
};

export class RouteTemplateError extends Error {
  override readonly name = 'RouteTemplateError';
}

export function compileRoute(template: string): CompiledRoute {
  const parts = template.split('/').filter((p) => p !== '');
  const segments = parts.map((part, i): Segment => {
    const param = /^\{(\*?)([A-Za-z_][A-Za-z0-9_]*)(?::([A-Za-z]+))?(\?)?\}$/.exec(part);
    if (!param) {
      if (/[{}]/.test(part)) throw new RouteTemplateError(`route "${template}": unsupported segment "${part}"`);
      return { kind: 'literal', text: part.toLowerCase() };
    }
    const [, star, name, constraint, optional] = param as unknown as [string, string, string, string?, string?];
    if (star) {
      if (i !== parts.length - 1) throw new RouteTemplateError(`route "${template}": {*${name}} must be last`);
      return { kind: 'catchAll', name };
    }
    if (optional && i !== parts.length - 1) {
      throw new RouteTemplateError(`route "${template}": optional {${name}?} must be last`);
    }
    const check = constraint === undefined ? undefined : CONSTRAINTS[constraint.toLowerCase()];
    if (constraint !== undefined && !check) {
      throw new RouteTemplateError(`route "${template}": unsupported constraint ":${constraint}"`);
    }
    return { kind: 'param', name, optional: Boolean(optional), ...(check ? { constraint: check } : {}) };
  });

  const literals = segments.filter((s) => s.kind === 'literal').length;
  const catchAll = segments.some((s) => s.kind === 'catchAll');
  return {
    template,
    specificity: literals * 100 + segments.length - (catchAll ? 10_000 : 0),
    match(path: string[]): Record<string, string> | undefined {
      const params: Record<string, string> = {};
      for (let i = 0; i < segments.length; i++) {
        const segment = segments[i]!;
        const value = path[i];
        if (segment.kind === 'catchAll') {
          const rest = path.slice(i).join('/');
          if (rest !== '') params[segment.name] = rest;
          return params;
        }
        if (value === undefined) {
          return segment.kind === 'param' && segment.optional ? params : undefined;
        }
        if (segment.kind === 'literal') {
          if (value.toLowerCase() !== segment.text) return undefined;
        } else {
          if (segment.constraint && !segment.constraint(value)) return undefined;
          params[segment.name] = value;
        }
      }
      return path.length === segments.length ? params : undefined;
    },
  };
}

/** Splits a URL path into decoded segments; undefined when it has invalid percent-encoding. */
export function pathSegments(pathname: string): string[] | undefined {
  try {
    return pathname
      .split('/')
      .filter((p) => p !== '')
      .map((p) => decodeURIComponent(p));
  } catch {
    return undefined;
  }
}

/**
 * Route templates of HTTP triggers, in the forms the relay writes: literal segments (matched case-insensitively,
 * as ASP.NET Core routing does) and whole-segment parameters `{name}`. Optional, catch-all and constrained
 * parameters are refused at start-up rather than served differently from Azure.
 * Docs: https://learn.microsoft.com/azure/azure-functions/functions-bindings-http-webhook-trigger#customize-the-http-endpoint
 */
import { DevHostError } from './settings.js';

/** A literal segment (lower-cased) or, for a parameter, its name. */
type Segment = { literal: string } | { param: string };

export interface CompiledRoute {
  template: string;
  /** Literal segments count: on a tie between two templates, the one with more literals wins. */
  literals: number;
  /** The route's parameters, or undefined when the path does not match. */
  match(path: readonly string[]): Record<string, string> | undefined;
}

export function compileRoute(template: string): CompiledRoute {
  const segments = template
    .split('/')
    .filter((part) => part !== '')
    .map((part): Segment => {
      const param = /^\{([A-Za-z_][A-Za-z0-9_]*)\}$/.exec(part)?.[1];
      if (param !== undefined) return { param };
      if (/[{}]/.test(part)) throw new DevHostError(`route "${template}": segment "${part}" is not served by the devhost (only literals and {name})`);
      return { literal: part.toLowerCase() };
    });
  return {
    template,
    literals: segments.filter((s) => 'literal' in s).length,
    match(path) {
      if (path.length !== segments.length) return undefined;
      const params: Record<string, string> = {};
      for (let i = 0; i < segments.length; i++) {
        const segment = segments[i]!;
        if ('param' in segment) params[segment.param] = path[i]!;
        else if (path[i]!.toLowerCase() !== segment.literal) return undefined;
      }
      return params;
    },
  };
}

/** A URL path as decoded segments (empty ones dropped); undefined when its percent-encoding is invalid. */
export function pathSegments(pathname: string): string[] | undefined {
  try {
    return pathname
      .split('/')
      .filter((p) => p !== '')
      .map((p) => (p.includes('%') ? decodeURIComponent(p) : p));
  } catch {
    return undefined;
  }
}

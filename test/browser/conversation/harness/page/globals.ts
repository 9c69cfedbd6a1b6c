/**
 * The few browser globals the harness page touches. The repository's TypeScript setup is Node's (no DOM lib), so
 * the page declares exactly what it uses instead of pulling the DOM types into every project file.
 */
export interface ReactLike {
  createElement(type: unknown, props?: unknown): unknown;
}

export interface ReactDomLike {
  render(element: unknown, container: unknown, callback?: () => void): void;
  unmountComponentAtNode(container: unknown): boolean;
}

/** A PCF control class as pcf-scripts registers it (ComponentFramework.registerControl). */
export interface ControlInstance {
  init(context: unknown, notifyOutputChanged: () => void, state: Record<string, unknown>, container?: unknown): void;
  updateView(context: unknown): unknown;
  destroy(): void;
}
export type ControlClass = new () => ControlInstance;

export interface PageGlobals {
  React: ReactLike;
  ReactDOM: ReactDomLike;
  document: { getElementById(id: string): unknown };
  location: { search: string };
  addEventListener(type: 'load', listener: () => void): void;
  ComponentFramework?: { registerControl(name: string, control: ControlClass): void };
  harness?: unknown;
}

export const page = globalThis as unknown as PageGlobals;

/** Start-up and shutdown chores of the devhost: app settings, unsupported-binding warnings, app hooks. */
import { describeError, type DevHostLog } from './log.js';
import { triggerOf, type FunctionRegistration, type HookRegistration } from './registrations.js';

export const SERVED_TRIGGERS = ['httpTrigger', 'queueTrigger', 'timerTrigger'];

/** Sets app settings in process.env; returns a function that restores the previous values. */
export function applyEnv(env: Record<string, string>): () => void {
  const previous = Object.entries(env).map(([k]) => [k, process.env[k]] as const);
  Object.assign(process.env, env);
  return () => {
    for (const [k, v] of previous) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  };
}

export function warnUnsupported(functions: FunctionRegistration[], hooks: HookRegistration[], log: DevHostLog): void {
  for (const f of functions) {
    const trigger = triggerOf(f);
    if (!SERVED_TRIGGERS.includes(trigger.binding.type)) {
      log('warning', `function "${f.name}": trigger "${trigger.binding.type}" is not served by the devhost`);
    }
    for (const [name, b] of Object.entries(f.bindings)) {
      if (name === trigger.name || (b.direction === 'out' && (b.type === 'queue' || b.type === 'http'))) continue;
      log('warning', `function "${f.name}": ${b.direction} binding "${name}" (${b.type}) is not supported by the devhost`);
    }
  }
  for (const h of hooks) {
    if (h.hookName !== 'appStart' && h.hookName !== 'appTerminate') {
      log('warning', `${h.hookName} hooks are not run by the devhost`);
    }
  }
}

/** Runs appStart/appTerminate hooks; a failing hook is logged, as the host does not stop for it. */
export async function runHooks(hooks: HookRegistration[], name: string, log: DevHostLog) {
  for (const hook of hooks.filter((h) => h.hookName === name)) {
    try {
      await hook.callback({ hookData: {} });
    } catch (err) {
      log('error', `${name} hook failed: ${describeError(err)}`);
    }
  }
}

/**
 * The harness page's script: it captures the control class the bundle registers, then mounts it the way the
 * platform runs a virtual (React) control: init, updateView → element, ReactDOM.render into the field's container,
 * and updateView again whenever the control calls context.factory.requestRender.
 */
import { createContext, type HarnessRecord, type MountOptions } from './fake-context.js';
import { page, type ControlClass, type ControlInstance } from './globals.js';

let controlClass: ControlClass | undefined;
page.ComponentFramework = {
  registerControl(name, control) {
    if (name === 'Wechat.ConversationView') controlClass = control;
  },
};

const record: HarnessRecord = { missingStrings: [], requests: [], renders: 0, trackContainerResize: [] };
let instance: ControlInstance | undefined;
let resizeHost: ((height: number) => void) | undefined;

async function mount(options: MountOptions): Promise<void> {
  if (!controlClass) throw new Error('bundle.js did not register Wechat.ConversationView');
  const res = await fetch(`/strings/${options.languageId}.json`);
  const strings = (await res.json()) as Record<string, string>;
  const container = page.document.getElementById('control');
  // The form's tab label, in the user's language like the rest of the form around the control.
  const tab = page.document.getElementById('tab') as { textContent: string } | null;
  if (tab) tab.textContent = options.languageId === 2052 ? '会话' : 'Conversation';
  let scheduled = false;
  const render = () => {
    scheduled = false;
    if (!instance) return;
    record.renders++;
    page.ReactDOM.render(instance.updateView(context), container);
  };
  // The platform re-renders asynchronously after requestRender, coalescing repeated requests.
  const requestRender = () => {
    if (scheduled) return;
    scheduled = true;
    setTimeout(render, 0);
  };
  const { context, setAllocatedHeight } = createContext(options, strings, record, requestRender);
  unmount();
  instance = new controlClass();
  instance.init(context, () => undefined, {}, container);
  render();
  // The platform calls updateView again on a resize only for a control that tracks its container.
  resizeHost = (height) => {
    if (setAllocatedHeight(height)) render();
  };
}

/** The host gives the control another height (a custom page resized). */
function resize(height: number): void {
  if (!resizeHost) throw new Error('nothing mounted');
  resizeHost(height);
}

function unmount(): void {
  if (!instance) return;
  instance.destroy();
  page.ReactDOM.unmountComponentAtNode(page.document.getElementById('control'));
  instance = undefined;
}

page.harness = { mount, unmount, resize, record };

// Opened by hand (harness/dev.ts prints such a URL): mount from the query string.
const query = new URLSearchParams(page.location.search);
const follower = query.get('follower');
if (follower) {
  // After every script, so the bundle has registered the control.
  page.addEventListener(
    'load',
    () =>
      void mount({
        followerId: follower,
        followerName: query.get('name') ?? '',
        via: 'contextInfo',
        languageId: query.get('lang') === '2052' ? 2052 : 1033,
        timeZoneOffsetMinutes: Number(query.get('offset') ?? 480),
        allocatedHeight: Number(query.get('height') ?? -1),
      }),
  );
}

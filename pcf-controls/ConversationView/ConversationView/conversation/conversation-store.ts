/**
 * The conversation with one follower as plain state: the loaded messages (newest page first, older pages on
 * demand), changes found by polling with backoff, the media of visible messages, and replies. The adapter
 * subscribes and re-renders; components only get snapshots of this state and call its methods back.
 */
import { Follower, Message } from '../../../../solution/generated/schema';
import { Backoff, POLL_BACKOFF, type BackoffOptions } from './backoff';
import { loadMediaNotes, type MediaState } from './media';
import { compareMessages, toChatMessage, type ChatMessage } from './message';
import { errorText, type StoreDeps } from './ports';
import {
  changesOptions,
  followerOptions,
  lastInteractionOptions,
  newestPageOptions,
  nextPageOptions,
  PAGE_SIZE,
  replyRecord,
  requireGuid,
  type Reply,
} from './queries';
import { lastOpener, type Interactions } from './reply-window';

export interface FollowerInfo {
  id: string;
  name: string;
  accountId: string;
  following: boolean;
  /** The reply window's interactions as the relay recorded them on the follower row. */
  recorded?: Interactions;
}

export interface ConversationState {
  phase: 'idle' | 'loading' | 'ready' | 'error';
  follower?: FollowerInfo;
  /** Oldest first. */
  messages: readonly ChatMessage[];
  hasOlder: boolean;
  loadingOlder: boolean;
  lastInteractionAt?: number;
  /** What that interaction was: a message, or a follow, scan or menu click. */
  lastInteractionBy?: 'message' | 'event';
  /** The clock at the last look, for the reply window's countdown. */
  now: number;
  sending: boolean;
  sendError?: string;
  loadError?: string;
  /** Set while polling fails; cleared by the next answer. */
  pollError?: string;
  media: Readonly<Record<string, MediaState>>;
}

const stringOf = (value: unknown): string => (typeof value === 'string' ? value : '');
const isoSeconds = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

export class ConversationStore {
  private state: ConversationState;
  private readonly listeners = new Set<() => void>();
  private readonly backoff: Backoff;
  private readonly byId = new Map<string, ChatMessage>();
  private nextLink?: string;
  private sinceMs = 0;
  private openedId?: string;
  private timer: unknown;
  /** Bumped by open/close, so answers to an earlier follower's requests are dropped. */
  private generation = 0;

  private readonly pageSize: number;

  constructor(
    private readonly deps: StoreDeps,
    options: { backoff?: BackoffOptions; pageSize?: number } = {},
  ) {
    this.backoff = new Backoff(options.backoff ?? POLL_BACKOFF);
    this.pageSize = options.pageSize ?? PAGE_SIZE;
    this.state = { phase: 'idle', messages: [], hasOlder: false, loadingOlder: false, now: deps.clock(), sending: false, media: {} };
  }

  getState(): ConversationState {
    return this.state;
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Shows this follower's conversation; a no-op for the follower already shown (updateView calls it on every render). */
  async open(followerId: string): Promise<void> {
    const id = requireGuid(followerId);
    if (this.openedId === id) return;
    this.close();
    this.openedId = id;
    const generation = this.generation;
    this.byId.clear();
    this.set({ phase: 'loading', follower: undefined, messages: [], hasOlder: false, loadError: undefined, media: {}, lastInteractionAt: undefined });
    const api = this.deps.webApi;
    try {
      const [row, page, last] = await Promise.all([
        api.retrieveRecord(Follower.logicalName, id, followerOptions),
        api.retrieveMultipleRecords(Message.logicalName, newestPageOptions(id), this.pageSize),
        api.retrieveMultipleRecords(Message.logicalName, lastInteractionOptions(id)),
      ]);
      if (generation !== this.generation) return;
      const follower: FollowerInfo = {
        id,
        name: stringOf(row[Follower.columns.Name]),
        accountId: stringOf(row[`_${Follower.columns.OfficialAccountId}_value`]),
        following: row[Follower.columns.Subscribed] !== false,
        ...recordedOf(row),
      };
      this.nextLink = page.nextLink;
      const messages = page.entities.map(toChatMessage);
      this.sinceMs = Math.max(0, ...messages.map((m) => m.modifiedOn));
      this.merge(messages, 'page');
      const lastRow = last.entities[0];
      const latest = lastOpener([...(lastRow ? [toChatMessage(lastRow)] : []), ...this.state.messages]);
      this.set({ phase: 'ready', follower, hasOlder: Boolean(this.nextLink), lastInteractionAt: latest?.at, lastInteractionBy: latest?.by });
      this.schedule();
    } catch (error) {
      if (generation === this.generation) this.set({ phase: 'error', loadError: errorText(error) });
    }
  }

  /** Stops polling and drops answers still on their way. */
  close(): void {
    this.generation++;
    this.openedId = undefined;
    if (this.timer !== undefined) this.deps.timers.clear(this.timer);
    this.timer = undefined;
  }

  /** The page before the oldest loaded message, if there is one. */
  async loadOlder(): Promise<void> {
    const { follower } = this.state;
    if (!this.nextLink || this.state.loadingOlder || !follower) return;
    const generation = this.generation;
    this.set({ loadingOlder: true });
    try {
      const page = await this.deps.webApi.retrieveMultipleRecords(Message.logicalName, nextPageOptions(this.nextLink), this.pageSize);
      if (generation !== this.generation) return;
      this.nextLink = page.nextLink;
      this.merge(page.entities.map(toChatMessage), 'page');
      this.set({ loadingOlder: false, hasOlder: Boolean(this.nextLink) });
    } catch (error) {
      if (generation === this.generation) this.set({ loadingOlder: false, pollError: errorText(error) });
    }
  }

  /** Creates the reply as an outbound message row; true when the row exists (the relay sends it). */
  async send(reply: Reply): Promise<boolean> {
    const { follower } = this.state;
    if (!follower || this.state.sending) return false;
    this.set({ sending: true, sendError: undefined });
    try {
      const record = replyRecord({ followerId: follower.id, accountId: follower.accountId, reply, uuid: this.deps.newUuid() });
      await this.deps.webApi.createRecord(Message.logicalName, record);
      this.set({ sending: false });
      this.backoff.reset();
      await this.poll();
      return true;
    } catch (error) {
      this.set({ sending: false, sendError: errorText(error) });
      return false;
    }
  }

  /** Loads the notes of a message once (the bubble asks when it is rendered). */
  async loadMedia(messageId: string): Promise<void> {
    if (this.state.media[messageId]) return;
    const generation = this.generation;
    this.setMedia(messageId, { status: 'loading' });
    try {
      const notes = await loadMediaNotes(this.deps.webApi, messageId);
      if (generation === this.generation) this.setMedia(messageId, { status: 'ready', notes });
    } catch (error) {
      if (generation === this.generation) this.setMedia(messageId, { status: 'error', error: errorText(error) });
    }
  }

  /** One look for new and changed rows; the next look is scheduled by the outcome. */
  private async poll(): Promise<void> {
    const { follower } = this.state;
    if (!follower) return;
    const generation = this.generation;
    if (this.timer !== undefined) this.deps.timers.clear(this.timer);
    this.timer = undefined;
    try {
      const page = await this.deps.webApi.retrieveMultipleRecords(Message.logicalName, changesOptions(follower.id, isoSeconds(this.sinceMs)), 5000);
      if (generation !== this.generation) return;
      const rows = page.entities.map(toChatMessage);
      // Only looks at changes move the cursor: an older page may hold rows changed after changes not yet seen.
      this.sinceMs = Math.max(this.sinceMs, ...rows.map((m) => m.modifiedOn));
      const changed = this.merge(rows, 'changes');
      const latest = lastOpener(this.state.messages);
      if (changed) this.backoff.reset();
      else this.backoff.increase();
      this.set({
        now: this.deps.clock(),
        pollError: undefined,
        ...(latest !== undefined && latest.at > (this.state.lastInteractionAt ?? -Infinity) && { lastInteractionAt: latest.at, lastInteractionBy: latest.by }),
      });
    } catch (error) {
      if (generation !== this.generation) return;
      this.backoff.increase();
      this.set({ now: this.deps.clock(), pollError: errorText(error) });
    }
    this.schedule();
  }

  private schedule(): void {
    if (this.timer !== undefined) this.deps.timers.clear(this.timer);
    this.timer = this.deps.timers.set(() => void this.poll(), this.backoff.delayMs);
  }

  /**
   * Adds or updates rows; true if anything is new or different. A changed row older than the loaded pages is left
   * for its page (it would otherwise appear out of place, above messages not yet loaded).
   */
  private merge(rows: ChatMessage[], source: 'page' | 'changes'): boolean {
    const oldest = this.state.messages[0];
    let changed = false;
    for (const m of rows) {
      const known = this.byId.get(m.id);
      if (source === 'changes' && !known && oldest && this.nextLink && compareMessages(m, oldest) < 0) continue;
      if (known?.modifiedOn === m.modifiedOn && known.status === m.status) continue;
      this.byId.set(m.id, m);
      changed = true;
    }
    if (changed) this.set({ messages: [...this.byId.values()].sort(compareMessages) });
    return changed;
  }

  private setMedia(messageId: string, media: MediaState): void {
    this.set({ media: { ...this.state.media, [messageId]: media } });
  }

  private set(patch: Partial<ConversationState>): void {
    this.state = { ...this.state, ...patch };
    for (const listener of this.listeners) listener();
  }
}

/** The window columns of the follower row (absent on a row the relay never wrote them on). */
function recordedOf(row: Record<string, unknown>): { recorded?: Interactions } {
  const ms = (v: unknown) => (typeof v === 'string' && v !== '' && Number.isFinite(Date.parse(v)) ? Date.parse(v) : undefined);
  const n = (v: unknown) => (typeof v === 'number' && v > 0 ? v : 0);
  const lastMessageAt = ms(row[Follower.columns.LastMessageOn]);
  const lastEventAt = ms(row[Follower.columns.LastEventOn]);
  if (lastMessageAt === undefined && lastEventAt === undefined) return {};
  return {
    recorded: {
      following: row[Follower.columns.Subscribed] !== false,
      ...(lastMessageAt !== undefined && { lastMessageAt }),
      ...(lastEventAt !== undefined && { lastEventAt }),
      sentSinceMessage: n(row[Follower.columns.SentSinceMessage]),
      sentSinceEvent: n(row[Follower.columns.SentSinceEvent]),
    },
  };
}

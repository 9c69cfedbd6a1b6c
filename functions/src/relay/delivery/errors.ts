/** Coded errors of the delivery worker. Nothing here carries message content or secrets. */

/**
 * The queue message is not a delivery the worker can understand (wrong shape, unknown version, XML WeChat could
 * not have sent). Retrying cannot fix it, but dropping it would lose a follower's message: the worker throws, so
 * the host moves it to the poison queue where a person can look at it and `npm run replay-poison` can bring it back.
 */
export class InvalidEnvelope extends Error {
  constructor(readonly reason: string) {
    super(`Invalid inbound envelope: ${reason}`);
    this.name = 'InvalidEnvelope';
  }
}

/**
 * The Signed Service's contact match column is not a column name, so it never goes into a $filter. An admin's to
 * fix (it is written to the account's status, as Dataverse's own `invalid` answers are); the message is stored
 * without the link. Carries the plain shape of a Dataverse error for that status.
 */
export class InvalidContactMatchColumn extends Error {
  readonly kind = 'invalid' as const;
  readonly status = 400;
  readonly code = 'relay:contact-match-column';
  constructor(column: string) {
    super(`The contact match column "${column.slice(0, 100)}" is not a column name.`);
    this.name = 'InvalidContactMatchColumn';
  }
}

/**
 * The follower row kept changing between our read and our write (412 every round): other writers keep getting
 * there first. Nothing was written; the queue retries the delivery later, from a fresh read.
 */
export class FollowerContention extends Error {
  constructor(readonly attempts: number) {
    super(`The follower row kept changing during ${attempts} attempts`);
    this.name = 'FollowerContention';
  }
}

/**
 * WeChat refuses the media for good (expired after its 3 days, the id is wrong, or the platform lost the
 * permission). The message is still stored, with a note saying why the file is missing.
 */
export class MediaUnavailable extends Error {
  constructor(
    readonly mediaId: string,
    /** A short reason an operator can read (English). */
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(`Media ${mediaId} is not available: ${reason}`, options);
    this.name = 'MediaUnavailable';
  }
}

/** Where the bot can write to a user first: the Bot Framework conversation reference, stored as plain data. */
export interface ConversationReferenceData {
  serviceUrl: string;
  channelId: string;
  conversation: { id: string; conversationType?: string; tenantId?: string; isGroup?: boolean };
  bot: { id: string; name?: string };
  user: { id: string; name?: string; aadObjectId?: string };
  locale?: string;
}

/** A person who talks to the bot. `key` is `tenantId:aadObjectId` in Teams (the Playground's user id locally). */
export interface User {
  key: string;
  /** Reference to the user's personal chat with the bot, for proactive messages. */
  conversation?: ConversationReferenceData;
  /** IANA time zone from Teams' `localTimezone`. */
  timeZone?: string;
  skills: string[];
  /** Job ids of the last list the user saw, so "status 2 applied" can name a job by its number. */
  lastList: string[];
  /** Days before a saved job's expiry to warn; `null` turns expiry notices off. Default: 3. */
  expiryNoticeDays?: number | null;
  /** A link whose site blocked us: the next posting text the user pastes belongs to it. */
  awaitingTextFor?: { url: string; since: Date };
  /** False once Teams said the bot can no longer write to the user (403/404); true again when they talk to it. */
  reachable: boolean;
  createdAt: Date;
  updatedAt: Date;
}

/** Storage of users. */
export interface UserRepository {
  /** Records what the latest activity tells about the user (and that they are reachable); true when they were not before. */
  remember(key: string, seen: { conversation?: ConversationReferenceData; timeZone?: string }, now: Date): Promise<{ wasUnreachable: boolean }>;
  /** Marks whether the bot can write to the user (Teams answered 403/404: they removed it). */
  setReachable(key: string, reachable: boolean): Promise<void>;
  find(key: string): Promise<User | undefined>;
  /** Remembers (or, with undefined, forgets) the link that waits for the user to paste its posting's text. */
  setAwaitingText(key: string, url: string | undefined, now: Date): Promise<void>;
  /** Replaces the user's skills. */
  setSkills(key: string, skills: string[]): Promise<void>;
  /** Sets how many days before expiry to warn (`null`: never). */
  setExpiryNoticeDays(key: string, days: number | null): Promise<void>;
  /** Remembers the jobs of the list the user was just shown, in order; false when nothing was written (the same list, or no such user). */
  setLastList(key: string, jobIds: string[]): Promise<boolean>;
  ensureIndexes(): Promise<void>;
}

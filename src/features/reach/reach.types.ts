/** What an operator composes for a 群发. */
export type BroadcastMessage =
  | { type: 'text'; content: string }
  /** A news item already in the product, sent as a card linking to its page. */
  | { type: 'news'; newsId: number }
  | { type: 'image'; mediaId: string }
  /** 图文 composed for the broadcast, created through the draft API when sent. */
  | { type: 'mpnews'; title: string; content: string; thumbMediaId: string; digest?: string };

export interface BroadcastInput {
  audience: { all: true } | { tagId: number };
  message: BroadcastMessage;
  sendAt?: string;
}

export type NoticeKind = 'bookingReminder' | 'bookingChange' | 'ticketStatus' | 'ticketReply';
export const NOTICE_KINDS: NoticeKind[] = ['bookingReminder', 'bookingChange', 'ticketStatus', 'ticketReply'];

export interface ReachSettings {
  approvalRequired: boolean;
  accountType: 'service' | 'subscription';
  noticeTemplates: Partial<Record<NoticeKind, string>>;
}

// A message's status only moves forward: Z-API's status webhooks arrive out of order and repeated
// (a late RECEIVED after READ), and a receiver that stores the last one it saw goes backwards.

/**
 * Z-API's message statuses in the order a message goes through them
 * (https://developer.z-api.io/en/webhooks/on-whatsapp-message-status-changes). `READ_BY_ME` is the
 * connected number reading on another device, `PLAYED` an audio or video played: both come after READ.
 */
export const messageStatusOrder = ['PENDING', 'SENT', 'RECEIVED', 'READ', 'READ_BY_ME', 'PLAYED'] as const;
export type MessageStatus = (typeof messageStatusOrder)[number];

/** The rank of a status, -1 for one Z-API has not documented (it never replaces a known one). */
export function messageStatusRank(status: string): number {
  return (messageStatusOrder as readonly string[]).indexOf(status.toUpperCase());
}

/**
 * The status a message has after `next` arrived when it had `current`: the later of the two in
 * Z-API's order, so READ is not undone by a late RECEIVED. An unknown status is taken only when
 * nothing is known yet.
 */
export function reduceMessageStatus(current: string | undefined, next: string): string {
  if (current === undefined) return next;
  return messageStatusRank(next) > messageStatusRank(current) ? next : current;
}

// Ids in the formats Z-API and WhatsApp really use, so code that parses or stores them is tested.
import type { Random } from './random.js';

export interface Ids {
  /** Z-API's queue id: 32 hexadecimal digits. */
  zaapId(): string;
  /** WhatsApp's message id as multi-device clients write it: `3EB0` and 16 more hexadecimal digits. */
  messageId(): string;
  /** A LID, WhatsApp's private id of a contact: `<14 digits>@lid`. */
  lid(): string;
  /** A group id as Z-API writes it: `120363<12 digits>-group`. */
  groupId(): string;
  /** A WhatsApp invite code (22 letters and digits). */
  inviteCode(): string;
}

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

export function createIds(random: Random): Ids {
  return {
    zaapId: () => random.hex(32),
    messageId: () => `3EB0${random.hex(16)}`,
    lid: () => `${random.digits(14)}@lid`,
    groupId: () => `120363${random.digits(12)}-group`,
    inviteCode: () => Array.from({ length: 22 }, () => ALPHANUMERIC[Math.floor(random.next() * ALPHANUMERIC.length)]).join(''),
  };
}

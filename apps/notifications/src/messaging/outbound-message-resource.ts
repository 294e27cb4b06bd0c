import type { OutboundMessageResource } from '@referral/contracts';
import type { OutboundMessageEntity } from './outbound-message.entity';

export function toOutboundMessageResource(m: OutboundMessageEntity): OutboundMessageResource {
  return {
    id: m.id,
    channel: m.channel,
    recipient: m.recipient,
    recipientPractitionerId: m.recipientPractitionerId,
    language: m.language,
    requestedLanguage: m.requestedLanguage,
    template: m.template,
    referralId: m.referralId,
    subject: m.subject,
    text: m.text,
    encoding: m.encoding,
    parts: m.parts,
    provider: m.provider,
    status: m.status,
    providerMessageId: m.providerMessageId,
    error: m.error,
    skipReason: m.skipReason,
    sourceEventId: m.sourceEventId,
    createdAt: m.createdAt.toISOString(),
    sentAt: m.sentAt?.toISOString() ?? null,
  };
}

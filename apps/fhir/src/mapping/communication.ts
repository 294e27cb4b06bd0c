import type {
  Attachment,
  Communication,
  CommunicationPayload,
  Organization,
  Practitioner,
  Reference,
} from '@medplum/fhirtypes';
import {
  MESSAGE_KINDS,
  RECOMMENDATIONS,
  type AttachmentResource,
  type ConsultRequest,
  type ConsultResource,
  type MessageResource,
  type PostMessageRequest,
  type ReferralResource,
} from '@referral/contracts';
import { compoundId } from './compound-id';
import { documentId, readDocumentId } from './document-id';
import { SYSTEMS } from './systems';

/** Communication.category: our message kinds, and the consult. */
export const COMMUNICATION_CATEGORIES = [...MESSAGE_KINDS, 'consult'] as const;
export type CommunicationCategory = (typeof COMMUNICATION_CATEGORIES)[number];

export const CATEGORY_NAMES: Readonly<Record<CommunicationCategory, string>> = {
  'clarification-request': 'Clarification request',
  'clarification-response': 'Clarification response',
  'follow-up': 'Follow-up question',
  note: 'Note',
  consult: 'Consult',
};

export const RECOMMENDATION_NAMES: Readonly<Record<(typeof RECOMMENDATIONS)[number], string>> = {
  'manage-locally': 'Manage locally',
  'in-person-referral': 'Refer in person',
  'urgent-transfer': 'Transfer urgently',
};

/** The labels of the consult's payload strings: how a reader (and readCommunication) tells them apart. */
const ASSESSMENT = 'Assessment: ';
const ADVICE = 'Advice: ';
const FOLLOW_UP = /^Follow up in (\d+) days?\.?$/;

/** The category coding; our message kinds are an enum, so a display is always there (a new kind has none until named). */
const category = (code: string) => {
  const display = CATEGORY_NAMES[code as CommunicationCategory];
  return [{ coding: [{ system: SYSTEMS.communicationCategory, code, ...(display ? { display } : {}) }] }];
};

const practitioner = (id: string): Reference<Practitioner> => ({ reference: `Practitioner/${id}` });
const organization = (id: string): Reference<Organization> => ({ reference: `Organization/${id}` });

/** Who the referrer side is: the referring practitioner, else the organization. */
const referrer = (r: ReferralResource) =>
  r.referringPractitionerId
    ? practitioner(r.referringPractitionerId)
    : organization(r.referringOrganizationId);

/** A referral, or only its id: with the referral we can also say to whom and about which patient. */
type ReferralOrId = ReferralResource | string;

const idOf = (referral: ReferralOrId) => (typeof referral === 'string' ? referral : referral.id);

/** What ties a Communication to its referral: the request it is based on, and the Task it is part of. */
function context(referral: ReferralOrId): Partial<Communication> {
  const id = idOf(referral);
  const task: Reference = { reference: `Task/${id}` };
  return {
    basedOn: [{ reference: `ServiceRequest/${id}` }],
    partOf: [task],
    about: [task],
    ...(typeof referral !== 'string' && referral.patientId
      ? { subject: { reference: `Patient/${referral.patientId}` } }
      : {}),
  };
}

/**
 * An attachment of the case file as a payload: the bytes are the Binary of the document id (the case
 * file's and the attachment's, `document-id.ts`), given the referral (which names its case file); with
 * its id alone, the attachment's id only. Its type, size and description when the facade has the
 * attachment's metadata (a message names only ids).
 */
function attachmentPayload(
  referral: ReferralOrId,
  id: string,
  known?: AttachmentResource,
): CommunicationPayload {
  const binaryId =
    typeof referral === 'string' ? id : documentId({ caseFileId: referral.caseFileId, attachmentId: id });
  const attachment: Attachment = {
    url: `Binary/${binaryId}`,
    ...(known
      ? {
          contentType: known.contentType,
          size: known.size,
          ...(known.description ? { title: known.description } : {}),
          creation: known.createdAt,
        }
      : {}),
  };
  return { contentAttachment: attachment };
}

/**
 * A message of a referral's thread as a FHIR Communication: sent (`completed`) at its time, based on
 * the referral's ServiceRequest and part of (and about) its Task, its kind as the category (our code
 * system), the author as sender (the practitioner, else their organization), the text and the case
 * file's attachments it names as payload. With the referral rather than its id, the recipient (the
 * other side: the holder, or the referrer) and the patient are named too. `attachments` is the
 * metadata of the case file's attachments, where the facade has it.
 */
export function toCommunication(
  referral: ReferralOrId,
  message: MessageResource,
  attachments: readonly AttachmentResource[] = [],
): Communication {
  let recipient: Reference<Practitioner | Organization>[] | undefined;
  if (typeof referral !== 'string') {
    if (message.side === 'specialist') recipient = [referrer(referral)];
    else if (referral.holderPractitionerId) recipient = [practitioner(referral.holderPractitionerId)];
  }
  return {
    resourceType: 'Communication',
    // The message's id alone would not say which referral's thread to look in.
    id: compoundId(idOf(referral), message.id),
    meta: { lastUpdated: message.createdAt },
    ...context(referral),
    status: 'completed',
    category: category(message.kind),
    sent: message.createdAt,
    ...(recipient ? { recipient } : {}),
    sender: message.authorPractitionerId
      ? practitioner(message.authorPractitionerId)
      : organization(message.authorOrganizationId),
    payload: [
      { contentString: message.text },
      ...message.attachmentIds.map((id) =>
        attachmentPayload(
          referral,
          id,
          attachments.find((a) => a.id === id),
        ),
      ),
    ],
  };
}

/** The consult's Communication id: the referral has one consult, so the referral's id names it. */
export const consultCommunicationId = (referralId: string) => `${referralId}-consult`;

/**
 * The specialist's consult as a FHIR Communication (category `consult`): from the practitioner who
 * gave it to the referrer side, sent when it was provided, the recommendation as `topic` (our code
 * system), and as payload the labelled assessment and advice (`Assessment: …`, `Advice: …`) and the
 * follow-up (`Follow up in N days`), which is also how a client writes one (readCommunication).
 */
export function consultCommunication(referral: ReferralOrId, consult: ConsultResource): Communication {
  const id = idOf(referral);
  const recommendation = consult.recommendation as (typeof RECOMMENDATIONS)[number];
  return {
    resourceType: 'Communication',
    id: consultCommunicationId(id),
    meta: { lastUpdated: consult.providedAt },
    ...context(referral),
    status: 'completed',
    category: category('consult'),
    topic: {
      coding: [
        {
          system: SYSTEMS.consultRecommendation,
          code: consult.recommendation,
          ...(RECOMMENDATION_NAMES[recommendation] ? { display: RECOMMENDATION_NAMES[recommendation] } : {}),
        },
      ],
    },
    sent: consult.providedAt,
    ...(typeof referral !== 'string' ? { recipient: [referrer(referral)] } : {}),
    sender: practitioner(consult.practitionerId),
    payload: [
      { contentString: `${ASSESSMENT}${consult.assessment}` },
      { contentString: `${ADVICE}${consult.advice}` },
      ...(consult.followUpInDays !== null
        ? [
            {
              contentString: `Follow up in ${consult.followUpInDays} day${consult.followUpInDays === 1 ? '' : 's'}`,
            },
          ]
        : []),
    ],
  };
}

/** What a client's new Communication asks of the referrals service, or why it cannot. */
export type CommunicationWrite =
  | { kind: 'message'; referralId: string; request: PostMessageRequest }
  | { kind: 'consult'; referralId: string; request: ConsultRequest }
  | { kind: 'refused'; status: 422; detail: string };

const refused = (detail: string): CommunicationWrite => ({ kind: 'refused', status: 422, detail });

/** The id in `<Type>/<id>`, or in an absolute URL that ends so. */
function idIn(reference: string | undefined, type: string): string | undefined {
  const match = reference ? new RegExp(`(?:^|/)${type}/([A-Za-z0-9\\-.]{1,64})$`).exec(reference) : null;
  return match?.[1];
}

/** The referral a Communication names: by basedOn ServiceRequest, partOf or about Task; all the same one. */
function referralOf(c: Communication): string | CommunicationWrite {
  const ids = new Set<string>();
  for (const ref of c.basedOn ?? []) ids.add(idIn(ref.reference, 'ServiceRequest') ?? '');
  for (const ref of [...(c.partOf ?? []), ...(c.about ?? [])]) ids.add(idIn(ref.reference, 'Task') ?? '');
  ids.delete('');
  if (ids.size === 0)
    return refused('a Communication names its referral: basedOn ServiceRequest/{id} or partOf Task/{id}');
  if (ids.size > 1) return refused('basedOn, partOf and about name different referrals');
  return [...ids][0];
}

/**
 * Reads a client's new Communication (create) as one of our writes: a message of the referral's
 * thread (`POST /v1/referrals/{id}/messages`: the kind from the category, the text from the payload
 * strings, the attachments by their Binary or DocumentReference id), or the consult
 * (`POST /v1/referrals/{id}/consult`: category `consult`, the recommendation as topic, the labelled
 * payload strings consultCommunication writes). Sender, recipient and sent are not read: the service
 * takes who and when from the caller and the clock. The services still decide whether the caller may;
 * anything this cannot read is refused with a 422 that says what is expected.
 */
export function readCommunication(c: Communication): CommunicationWrite {
  if (c.resourceType !== 'Communication') return refused('expected a Communication');
  if (c.status !== 'completed') {
    return refused('a Communication is created sent: status completed (a draft is not kept)');
  }
  const codes = (c.category ?? [])
    .flatMap((concept) => concept.coding ?? [])
    .filter((coding) => coding.system === SYSTEMS.communicationCategory)
    .map((coding) => coding.code);
  const kind = COMMUNICATION_CATEGORIES.find((known) => codes.includes(known));
  if (!kind || codes.length !== 1) {
    return refused(
      `a Communication needs one category from ${SYSTEMS.communicationCategory}: ${COMMUNICATION_CATEGORIES.join(', ')}`,
    );
  }
  const referralId = referralOf(c);
  if (typeof referralId !== 'string') return referralId;

  const payload = c.payload ?? [];
  const strings = payload.flatMap((p) => (p.contentString !== undefined ? [p.contentString.trim()] : []));

  if (kind === 'consult') {
    if (payload.some((p) => p.contentString === undefined)) {
      return refused(
        'a consult carries text only: attach files to the case file, and name them in a message',
      );
    }
    const recommendationCode = c.topic?.coding?.find(
      (coding) => coding.system === SYSTEMS.consultRecommendation,
    )?.code;
    const recommendation = RECOMMENDATIONS.find((known) => known === recommendationCode);
    if (!recommendation) {
      return refused(
        `a consult needs topic.coding from ${SYSTEMS.consultRecommendation}: ${RECOMMENDATIONS.join(', ')}`,
      );
    }
    const labelled = (label: string) =>
      strings.filter((s) => s.startsWith(label)).map((s) => s.slice(label.length).trim());
    const assessment = labelled(ASSESSMENT);
    const advice = labelled(ADVICE);
    const followUps = strings.map((s) => FOLLOW_UP.exec(s)).filter((m) => m !== null);
    const unlabelled = strings.filter(
      (s) => !s.startsWith(ASSESSMENT) && !s.startsWith(ADVICE) && !FOLLOW_UP.test(s),
    );
    if (assessment.length !== 1 || advice.length !== 1 || followUps.length > 1 || unlabelled.length > 0) {
      return refused(
        'a consult has payload strings "Assessment: …" and "Advice: …" (one each), and optionally "Follow up in N days"; nothing else',
      );
    }
    return {
      kind: 'consult',
      referralId,
      request: {
        assessment: assessment[0],
        advice: advice[0],
        recommendation,
        ...(followUps.length === 1 ? { followUpInDays: Number(followUps[0][1]) } : {}),
      },
    };
  }

  const attachmentIds: string[] = [];
  for (const p of payload) {
    if (p.contentString !== undefined) continue;
    if (p.contentAttachment?.data !== undefined) {
      return refused('a message does not carry files inline: upload them to the case file, then name them');
    }
    const named = p.contentAttachment
      ? idIn(p.contentAttachment.url, 'Binary')
      : idIn(p.contentReference?.reference, 'DocumentReference');
    // The facade's document ids carry the case file too; the message names the attachment.
    const id = named && (readDocumentId(named)?.attachmentId ?? named);
    if (!id) {
      return refused(
        'a message names attachments of the case file (contentAttachment.url Binary/{id} or contentReference DocumentReference/{id}); upload new files to the case file first',
      );
    }
    if (!attachmentIds.includes(id)) attachmentIds.push(id);
  }
  const text = strings.filter((s) => s.length > 0).join('\n\n');
  if (!text) return refused('a message needs its text as payload.contentString');
  return {
    kind: 'message',
    referralId,
    request: { kind, text, ...(attachmentIds.length > 0 ? { attachmentIds } : {}) },
  };
}

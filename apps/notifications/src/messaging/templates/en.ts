import type { LanguageTemplates, MessageEventType, MessageTemplate } from './template';

/** English: complete, and the fallback of every other language. */
export const ENGLISH: LanguageTemplates & { events: Record<MessageEventType, MessageTemplate> } = {
  priority: { routine: 'routine', urgent: 'urgent' },
  emailFooter: '\n\n-- Specialist Referral\nThis message holds no patient details: sign in to see the case.',
  events: {
    'referral.submitted': {
      sms: 'New {{specialty}} case {{ref}} ({{priority}}) is waiting in your queue.[[ Claim it if you can answer.]] {{link}}',
      email: {
        subject: 'New {{specialty}} case {{ref}} ({{priority}})',
        text: "A new {{specialty}} case, {{ref}} ({{priority}}), is waiting in your specialty's queue.\n\nOpen it, and claim it if you can answer: {{link}}",
      },
    },
    'referral.claimed': {
      sms: 'Your {{specialty}} referral {{ref}} has been taken by a specialist. {{link}}',
      email: {
        subject: 'Referral {{ref}} taken by a specialist',
        text: 'A {{specialty}} specialist has taken your referral {{ref}} ({{priority}}) and will answer it.\n\nFollow it here: {{link}}',
      },
    },
    'referral.clarification_requested': {
      sms: 'The specialist has a question about referral {{ref}}.[[ The answer waits for your reply.]] Reply: {{link}}',
      email: {
        subject: 'Question from the specialist on referral {{ref}}',
        text: 'The {{specialty}} specialist asked a question about referral {{ref}}. The answer waits for your reply.\n\nReply here: {{link}}',
      },
    },
    'referral.clarification_provided': {
      sms: 'The clinic replied to your question on referral {{ref}}. {{link}}',
      email: {
        subject: 'Reply on referral {{ref}}',
        text: 'The referring clinic replied to your question on {{specialty}} referral {{ref}} ({{priority}}).\n\nContinue here: {{link}}',
      },
    },
    'referral.consult_provided': {
      sms: 'Specialist advice is ready for your {{specialty}} referral {{ref}}. {{link}}',
      email: {
        subject: 'Advice ready on referral {{ref}}',
        text: 'The specialist has answered your {{specialty}} referral {{ref}}.\n\nRead the advice, and close the referral when you are done: {{link}}',
      },
    },
    'referral.escalated': {
      sms: 'Escalated: {{specialty}} referral {{ref}} ({{priority}}) missed its deadline and needs a specialist. {{link}}',
      email: {
        subject: 'Escalated: {{specialty}} referral {{ref}} ({{priority}})',
        text: '{{specialty}} referral {{ref}} ({{priority}}) missed its deadline and needs a specialist. Please assign it.\n\n{{link}}',
      },
    },
    'referral.answer_overdue': {
      sms: 'Referral {{ref}} was not answered in time and has gone back to the {{specialty}} queue. {{link}}',
      email: {
        subject: 'Referral {{ref}} went back to the queue',
        text: 'The answer deadline of {{specialty}} referral {{ref}} ({{priority}}) has passed, so it has gone back to the queue for another specialist.\n\n{{link}}',
      },
    },
    'referral.declined': {
      sms: 'Your {{specialty}} referral {{ref}} was declined.[[ See the reason and next steps:]] {{link}}',
      email: {
        subject: 'Referral {{ref}} was declined',
        text: 'The specialist declined your {{specialty}} referral {{ref}}.\n\nSee the reason and what you can do next: {{link}}',
      },
    },
    'referral.assigned': {
      sms: '{{specialty}} referral {{ref}} ({{priority}}) has been assigned to you. {{link}}',
      email: {
        subject: '{{specialty}} referral {{ref}} assigned to you',
        text: '{{specialty}} referral {{ref}} ({{priority}}) has been assigned to you.\n\nOpen it here: {{link}}',
      },
    },
    'referral.redirected': {
      sms: '{{specialty}} referral {{ref}} ({{priority}}) has been sent to you. {{link}}',
      email: {
        subject: '{{specialty}} referral {{ref}} sent to you',
        text: '{{specialty}} referral {{ref}} ({{priority}}) has been redirected to you.\n\nOpen it here: {{link}}',
      },
    },
    'referral.closed': {
      sms: 'Referral {{ref}} has been closed by the clinic. Thank you[[ for your advice]]. {{link}}',
      email: {
        subject: 'Referral {{ref}} closed',
        text: 'The referring clinic has closed {{specialty}} referral {{ref}}. Thank you for your advice.\n\n{{link}}',
      },
    },
  },
};

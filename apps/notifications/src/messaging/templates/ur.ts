import type { LanguageTemplates } from './template';

/**
 * Urdu, in Urdu script (Urdu letters ی ک ہ, not their Arabic look-alikes; the Urdu full stop ۔). Short
 * and plain on purpose: an Urdu SMS is UCS-2, 67 characters a part once split. To be reviewed by a
 * native speaker (README).
 */
export const URDU: LanguageTemplates = {
  priority: { routine: 'معمول', urgent: 'فوری' },
  emailFooter: '\n\n-- اسپیشلسٹ ریفرل\nاس پیغام میں مریض کی کوئی تفصیل نہیں؛ کیس دیکھنے کے لیے سائن اِن کریں۔',
  events: {
    'referral.submitted': {
      sms: 'آپ کی قطار میں {{specialty}} کا نیا کیس {{ref}} ({{priority}}) منتظر ہے۔[[ جواب دے سکیں تو اسے لے لیں۔]] {{link}}',
      email: {
        subject: '{{specialty}} کا نیا کیس {{ref}} ({{priority}})',
        text: 'آپ کے شعبے کی قطار میں {{specialty}} کا ایک نیا کیس {{ref}} ({{priority}}) منتظر ہے۔\n\nاگر آپ جواب دے سکتے ہیں تو اسے یہاں کھول کر لے لیں: {{link}}',
      },
    },
    'referral.claimed': {
      sms: '{{specialty}} کے لیے آپ کا ریفرل {{ref}} ایک ماہر نے لے لیا ہے۔ {{link}}',
      email: {
        subject: 'ریفرل {{ref}} ایک ماہر نے لے لیا',
        text: '{{specialty}} کے ایک ماہر نے آپ کا ریفرل {{ref}} ({{priority}}) لے لیا ہے اور وہ اس کا جواب دیں گے۔\n\nیہاں دیکھیں: {{link}}',
      },
    },
    'referral.clarification_requested': {
      sms: 'ماہر نے ریفرل {{ref}} کے بارے میں سوال پوچھا ہے۔[[ آپ کے جواب تک کیس رکا رہے گا۔]] جواب دیں: {{link}}',
      email: {
        subject: 'ریفرل {{ref}} پر ماہر کا سوال',
        text: '{{specialty}} کے ماہر نے ریفرل {{ref}} کے بارے میں ایک سوال پوچھا ہے۔ آپ کے جواب تک کیس رکا رہے گا۔\n\nیہاں جواب دیں: {{link}}',
      },
    },
    'referral.clarification_provided': {
      sms: 'کلینک نے ریفرل {{ref}} پر آپ کے سوال کا جواب دے دیا ہے۔ {{link}}',
      email: {
        subject: 'ریفرل {{ref}} پر کلینک کا جواب',
        text: 'ریفر کرنے والے کلینک نے {{specialty}} کے ریفرل {{ref}} ({{priority}}) پر آپ کے سوال کا جواب دے دیا ہے۔\n\nیہاں جاری رکھیں: {{link}}',
      },
    },
    'referral.consult_provided': {
      sms: '{{specialty}} کے لیے آپ کے ریفرل {{ref}} پر ماہر کا مشورہ آ گیا ہے۔ {{link}}',
      email: {
        subject: 'ریفرل {{ref}} پر مشورہ تیار ہے',
        text: 'ماہر نے {{specialty}} کے لیے آپ کے ریفرل {{ref}} کا جواب دے دیا ہے۔\n\nمشورہ پڑھیں، اور کام مکمل ہونے پر ریفرل بند کریں: {{link}}',
      },
    },
    'referral.escalated': {
      sms: 'توجہ: {{specialty}} کے ریفرل {{ref}} ({{priority}}) کا مقررہ وقت گزر گیا ہے، ماہر درکار ہے۔ {{link}}',
      email: {
        subject: 'توجہ: {{specialty}} کا ریفرل {{ref}} ({{priority}})',
        text: '{{specialty}} کے ریفرل {{ref}} ({{priority}}) کا مقررہ وقت گزر گیا ہے اور ماہر درکار ہے۔ براہِ کرم اسے کسی ماہر کے سپرد کریں۔\n\n{{link}}',
      },
    },
    'referral.answer_overdue': {
      sms: 'ریفرل {{ref}} کا جواب وقت پر نہیں دیا گیا، اس لیے یہ {{specialty}} کی قطار میں واپس چلا گیا ہے۔ {{link}}',
      email: {
        subject: 'ریفرل {{ref}} قطار میں واپس',
        text: '{{specialty}} کے ریفرل {{ref}} ({{priority}}) کے جواب کا مقررہ وقت گزر گیا، اس لیے یہ کسی دوسرے ماہر کے لیے قطار میں واپس چلا گیا ہے۔\n\n{{link}}',
      },
    },
    'referral.declined': {
      sms: '{{specialty}} کے لیے آپ کا ریفرل {{ref}} ماہر نے قبول نہیں کیا۔[[ وجہ اور اگلے اقدامات دیکھیں:]] {{link}}',
      email: {
        subject: 'ریفرل {{ref}} قبول نہیں ہوا',
        text: 'ماہر نے {{specialty}} کے لیے آپ کا ریفرل {{ref}} قبول نہیں کیا۔\n\nوجہ اور آگے کیا کرنا ہے، یہاں دیکھیں: {{link}}',
      },
    },
    'referral.assigned': {
      sms: '{{specialty}} کا ریفرل {{ref}} ({{priority}}) آپ کے سپرد کیا گیا ہے۔ {{link}}',
      email: {
        subject: 'ریفرل {{ref}} آپ کے سپرد',
        text: '{{specialty}} کا ریفرل {{ref}} ({{priority}}) آپ کے سپرد کیا گیا ہے۔\n\nیہاں کھولیں: {{link}}',
      },
    },
    'referral.redirected': {
      sms: '{{specialty}} کا ریفرل {{ref}} ({{priority}}) آپ کو بھیجا گیا ہے۔ {{link}}',
      email: {
        subject: 'ریفرل {{ref}} آپ کو بھیجا گیا',
        text: '{{specialty}} کا ریفرل {{ref}} ({{priority}}) آپ کو بھیجا گیا ہے۔\n\nیہاں کھولیں: {{link}}',
      },
    },
    'referral.closed': {
      sms: 'کلینک نے ریفرل {{ref}} بند کر دیا ہے۔[[ آپ کے مشورے کا]] شکریہ۔ {{link}}',
      email: {
        subject: 'ریفرل {{ref}} بند ہو گیا',
        text: 'ریفر کرنے والے کلینک نے {{specialty}} کا ریفرل {{ref}} بند کر دیا ہے۔ آپ کے مشورے کا شکریہ۔\n\n{{link}}',
      },
    },
  },
};

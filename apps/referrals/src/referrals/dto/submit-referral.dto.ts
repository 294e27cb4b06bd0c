export { SubmitReferralRequest as SubmitReferralDto } from '@referral/contracts';

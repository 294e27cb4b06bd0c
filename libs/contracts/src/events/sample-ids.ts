/** Fixed ids shared by the samples, so that they describe one coherent synthetic story. */
export const SAMPLE_IDS = {
  clinicOrganization: '3f6c1a52-8d4e-4b7a-9c21-5e0d7b8a4f13',
  hospitalOrganization: 'a91e2c37-4b5d-4f68-8e13-27c9d0b6e5a4',
  referringPractitioner: '5b2d8e91-3c4a-4e7f-a612-9d0c3b7e8f25',
  specialist: 'c47a9e02-6d1b-4c83-b5f4-1e8a2d9c0b76',
  coordinator: 'e8f31b5c-7a2d-4960-8c4e-3b1f6a9d2e07',
  specialistRole: '0d9b4c7e-2f6a-4a18-9e35-c81b7d4f2a69',
  patient: '7c1e5a93-b24d-4f06-8a7c-5d2e9f1b3c48',
  caseFile: '2a8f6d14-9e3b-4c75-b1d2-6f4a8c0e7b93',
  attachment: 'f5d2b8a6-1c9e-4e34-97b0-4a3c6e8d1f52',
  referral: '9e4c2f71-5a8b-4d36-a0e9-7b1f3d6c8a25',
  notification: '64b9e1d3-8f2c-4a57-b6e0-2d8a5c9f1e34',
  webhookEndpoint: '1f8c3e6a-4d9b-4b72-85a1-3c7e9d2b6f48',
  webhookDelivery: 'd6e2a9c4-7b3f-4e81-a5d9-0c4b8f2e1a37',
  outboundMessage: '8b3d5f17-2e9a-4c60-b4d8-6a1e0f7c9b52',
} as const;

import { resourceEtag, toBinary, wantsBinaryResource } from './binary';

describe('wantsBinaryResource', () => {
  it('is the resource for the FHIR JSON types, as fhir-kit-client and curl -H ask', () => {
    expect(wantsBinaryResource('application/fhir+json', undefined)).toBe(true);
    expect(wantsBinaryResource('application/json', undefined)).toBe(true);
    expect(wantsBinaryResource('image/png, application/fhir+json;q=0.5', undefined)).toBe(true);
    expect(wantsBinaryResource('Application/FHIR+JSON; charset=utf-8', undefined)).toBe(true);
  });

  it('is the bytes for anything else, no Accept, or FHIR JSON refused with q=0', () => {
    expect(wantsBinaryResource(undefined, undefined)).toBe(false);
    expect(wantsBinaryResource('*/*', undefined)).toBe(false);
    expect(wantsBinaryResource('image/jpeg', undefined)).toBe(false);
    expect(wantsBinaryResource('application/*', undefined)).toBe(false);
    expect(wantsBinaryResource('application/fhir+json;q=0, */*', undefined)).toBe(false);
    expect(wantsBinaryResource('application/fhir+xml', undefined)).toBe(false);
  });

  it('follows _format over Accept', () => {
    expect(wantsBinaryResource('*/*', 'json')).toBe(true);
    expect(wantsBinaryResource(undefined, 'application/fhir+json')).toBe(true);
    expect(wantsBinaryResource('application/fhir+json', 'image/png')).toBe(false);
  });
});

describe('toBinary', () => {
  it('is the bytes base64 with their type, secured by the DocumentReference of the same id', () => {
    expect(toBinary('abc-def', 'image/png', Buffer.from([0x89, 0x50, 0x4e, 0x47]))).toEqual({
      resourceType: 'Binary',
      id: 'abc-def',
      contentType: 'image/png',
      securityContext: { reference: 'DocumentReference/abc-def' },
      data: 'iVBORw==',
    });
  });
});

describe('resourceEtag', () => {
  it('weakens the download ETag (another representation of the same bytes)', () => {
    expect(resourceEtag('"9f86d0"')).toBe('W/"9f86d0"');
    expect(resourceEtag('W/"9f86d0"')).toBe('W/"9f86d0"');
    expect(resourceEtag(null)).toBeUndefined();
  });
});

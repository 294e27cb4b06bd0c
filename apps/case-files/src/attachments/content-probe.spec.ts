import { ProblemException } from '@referral/platform-http';
import { dicom, executable, jpeg, pdf, png } from '@referral/testing';
import { acceptedTypeOf, Digest, SNIFF_BYTES } from './content-probe';
import { createHash } from 'node:crypto';

describe('acceptedTypeOf', () => {
  it.each([
    ['PNG', png(10_000), 'image/png'],
    ['JPEG', jpeg(10_000), 'image/jpeg'],
    ['PDF', pdf(10_000), 'application/pdf'],
    ['DICOM', dicom(10_000), 'application/dicom'],
  ])('reads %s from its bytes', async (_name, file, type) => {
    await expect(acceptedTypeOf(file.subarray(0, SNIFF_BYTES))).resolves.toBe(type);
  });

  it.each([
    ['an executable', executable(10_000), 'application/x-msdownload'],
    ['a ZIP', Buffer.concat([Buffer.from('PK\x03\x04', 'latin1'), Buffer.alloc(100)]), undefined],
    ['plain text', Buffer.from('patient notes, nothing else'), undefined],
  ])('refuses %s with 415', async (_name, file, detected) => {
    const refusal = await acceptedTypeOf(file).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(ProblemException);
    expect((refusal as ProblemException).getStatus()).toBe(415);
    if (detected) expect((refusal as ProblemException).problem.detail).toContain(detected);
  });
});

describe('Digest', () => {
  it('hashes and counts what passes through, unchanged', async () => {
    const pieces = [Buffer.from('abc'), Buffer.from('defgh')];
    const digest = new Digest();
    const passed: Buffer[] = [];
    for await (const piece of digest.through(pieces)) passed.push(piece);
    expect(Buffer.concat(passed).toString()).toBe('abcdefgh');
    expect(digest.size).toBe(8);
    expect(digest.sha256()).toBe(createHash('sha256').update('abcdefgh').digest('hex'));
  });
});

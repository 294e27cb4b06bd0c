import { redactUrl, serviceDatabaseUrl } from './database-url';

describe('serviceDatabaseUrl', () => {
  it('replaces the database of the server URL and keeps credentials and options', () => {
    expect(serviceDatabaseUrl('postgres://app:s3cret@db:5432/postgres?sslmode=require', 'referrals')).toBe(
      'postgres://app:s3cret@db:5432/referrals?sslmode=require',
    );
  });

  it('adds a database to a URL that has none', () => {
    expect(serviceDatabaseUrl('postgresql://127.0.0.1:5432', 'case_files')).toBe(
      'postgresql://127.0.0.1:5432/case_files',
    );
  });

  it('never shows the password in logs', () => {
    expect(redactUrl('postgres://app:s3cret@db/x')).not.toContain('s3cret');
  });
});

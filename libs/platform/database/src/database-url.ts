/** The service's own database on the shared server: DATABASE_URL with its path replaced by the name. */
export function serviceDatabaseUrl(serverUrl: string, databaseName: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${databaseName}`;
  return url.toString();
}

export function maintenanceDatabaseUrl(serverUrl: string): string {
  return serviceDatabaseUrl(serverUrl, 'postgres');
}

/** For logs: never print a password. */
export function redactUrl(url: string): string {
  const u = new URL(url);
  if (u.password) u.password = '***';
  return u.toString();
}

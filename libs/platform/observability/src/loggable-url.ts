const QUERY_NAME = /^[A-Za-z][A-Za-z0-9_]{0,31}$/;
const CNIC_SHAPED = /\d{5}-?\d{7}-?\d/g;

/**
 * A request URL as every service logs it and puts it in its traces' HTTP spans: `GET /v1/patients?cnic=` puts a CNIC in the query, so query
 * values are dropped (names kept) and anything CNIC-shaped in the path is masked.
 */
export function loggableUrl(url: string): string {
  const [path, query] = url.split(/\?(.*)/s, 2);
  const maskedPath = path.replace(CNIC_SHAPED, '*');
  if (query === undefined) return maskedPath;
  const names = query
    .split('&')
    .filter(Boolean)
    .map((part) => {
      const name = part.split('=')[0];
      return QUERY_NAME.test(name) ? `${name}=…` : '…';
    });
  return `${maskedPath}?${names.join('&')}`;
}

/** Why an app package was not built; the message is meant for the person who ran `npm run package`. */
export class PackageError extends Error {
  override name = 'PackageError';
}

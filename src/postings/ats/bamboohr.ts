import type { Remote } from '../posting';
import { finish } from './draft';
import { idOf, record, records, text } from './json';
import { locationFrom } from './place';
import { textFromHtml } from './prose';
import { pick, segments, type AtsReader, type JobLocation, type Wanted } from './reader';
import { dateFrom } from './values';

/** BambooHR's `locationType` codes. */
const LOCATION_TYPES: Record<string, Remote> = { '0': 'onsite', '1': 'remote', '2': 'hybrid' };

/** BambooHR's careers API: `{company}.bamboohr.com/careers/{id}/detail` (`result.jobOpening`) or the `careers/list` answer. */
export const bambooHr: AtsReader = {
  ats: 'bamboohr',
  locate,
  recognises(doc) {
    const result = record(doc)?.result;
    return records(result).some(isOpening) || isOpening(record(record(result)?.jobOpening) ?? {});
  },
  read(doc, wanted) {
    const result = record(doc)?.result;
    const opening = Array.isArray(result) ? pick(records(result), wanted.jobId, (o) => o.id) : record(record(result)?.jobOpening);
    if (!opening || !isOpening(opening) || (text(opening.jobOpeningStatus) ?? 'Open') !== 'Open') return undefined;
    if (wanted.jobId !== undefined && opening.id !== undefined && idOf(opening.id) !== wanted.jobId.toLowerCase()) return undefined;
    return toPosting(opening, wanted);
  },
};

function isOpening(opening: Record<string, unknown>): boolean {
  return 'jobOpeningName' in opening;
}

/** `{company}.bamboohr.com/careers/{id}`. */
function locate(url: URL): JobLocation | undefined {
  const company = /^([a-z0-9-]+)\.bamboohr\.com$/.exec(url.hostname)?.[1];
  const [marker, id, ...rest] = segments(url);
  if (!company || company === 'www' || marker !== 'careers' || !id || !/^\d+$/.test(id) || rest.length > 0) return undefined;
  return { apiUrl: `https://${url.hostname}/careers/${id}/detail`, jobId: id };
}

function toPosting(opening: Record<string, unknown>, wanted: Wanted) {
  const place = record(opening.location) ?? {};
  return finish({
    source: 'bamboohr',
    url: text(opening.jobOpeningShareUrl) ?? wanted.pageUrl ?? '',
    title: text(opening.jobOpeningName),
    location: locationFrom({ city: place.city, region: place.state, country: place.addressCountry }),
    remote: opening.isRemote === true ? 'remote' : LOCATION_TYPES[text(opening.locationType) ?? ''],
    employmentType: text(opening.employmentStatusLabel),
    datePosted: dateFrom(opening.datePosted),
    description: textFromHtml(opening.description),
  });
}

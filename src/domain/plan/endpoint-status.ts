/** How sm5 reads an endpoint's status (DescribeEndpoint.EndpointStatus). */

/** Moving on its own; UpdateEndpoint is refused until it settles. */
export const TRANSITIONAL_STATUSES: ReadonlySet<string> = new Set([
  'Creating',
  'Updating',
  'SystemUpdating',
  'RollingBack',
]);

/** Cannot be updated: Failed allows only DeleteEndpoint; the others need a human first. */
export const UNRECOVERABLE_STATUSES: ReadonlySet<string> = new Set([
  'Failed',
  'UpdateRollbackFailed',
  'OutOfService',
  'Deleting',
]);

export function isTransitional(status: string | undefined): boolean {
  return status !== undefined && TRANSITIONAL_STATUSES.has(status);
}

export function isUnrecoverable(status: string | undefined): boolean {
  return status !== undefined && UNRECOVERABLE_STATUSES.has(status);
}

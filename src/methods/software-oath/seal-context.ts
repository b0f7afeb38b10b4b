/** Binds a sealed seed to its method, so a sealed value copied to another row does not open. */
export function oathSealContext(methodId: string): string {
  return `auth_methods.secret:${methodId}`;
}

/** Failed sign-ins per client address, as SQLite's migration 0110: one count for every process. */
export const signInAddressesSchema = `
  CREATE TABLE sign_in_addresses (
    address_key text PRIMARY KEY,
    window_start bigint NOT NULL,
    failures integer NOT NULL CHECK (failures >= 0)
  );
  CREATE INDEX sign_in_addresses_by_start ON sign_in_addresses (window_start);
`;

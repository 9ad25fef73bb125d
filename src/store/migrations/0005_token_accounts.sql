-- Token accounts seen in stored transactions, with the wallet that owns them. getSignaturesForAddress(wallet)
-- does not list a transfer into an existing token account of the wallet (the wallet's own address is not in
-- that transaction), so a wallet's history is the union of its address and its token accounts.
CREATE TABLE token_accounts (
  account    text   PRIMARY KEY,
  owner      text   NOT NULL,
  mint       text   NOT NULL,
  first_sig  text   NOT NULL,
  first_slot bigint NOT NULL
);
CREATE INDEX token_accounts_owner_idx ON token_accounts (owner, mint);

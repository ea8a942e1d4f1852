-- AlterTable
ALTER TABLE "Delivery" ADD COLUMN "leaseToken" TEXT;
ALTER TABLE "Delivery" ADD COLUMN "redeliveredAt" DATETIME;

-- AlterTable
ALTER TABLE "DeliveryAttempt" ADD COLUMN "variant" TEXT;

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Counterparty" (
    "ocid" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "metadataUrl" TEXT NOT NULL,
    "proofCanonicalMode" TEXT NOT NULL DEFAULT 'recursive',
    "signatureEncoding" TEXT NOT NULL DEFAULT 'rsv',
    "requestPath" TEXT NOT NULL DEFAULT 'full',
    "checkoutProofTo" TEXT NOT NULL DEFAULT 'gateway',
    "origin" TEXT NOT NULL DEFAULT 'operator',
    "profileLearnedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);
INSERT INTO "new_Counterparty" ("checkoutProofTo", "createdAt", "metadataUrl", "ocid", "proofCanonicalMode", "updatedAt") SELECT "checkoutProofTo", "createdAt", "metadataUrl", "ocid", "proofCanonicalMode", "updatedAt" FROM "Counterparty";
DROP TABLE "Counterparty";
ALTER TABLE "new_Counterparty" RENAME TO "Counterparty";
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;


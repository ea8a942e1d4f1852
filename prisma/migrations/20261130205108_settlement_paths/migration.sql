-- AlterTable
ALTER TABLE "CheckoutSession" ADD COLUMN "failureReason" TEXT;

-- CreateTable
CREATE TABLE "Settlement" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "orderId" TEXT NOT NULL,
    "path" TEXT NOT NULL,
    "gatewayOcid" INTEGER NOT NULL,
    "providerOcid" INTEGER,
    "userId" TEXT NOT NULL,
    "amountMinor" BIGINT NOT NULL,
    "currency" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'started',
    "failureReason" TEXT,
    "reconcile" TEXT,
    "debitTxId" TEXT NOT NULL,
    "reversalTxId" TEXT,
    "gatewayPaymentTxid" TEXT,
    "providerProofJson" TEXT,
    "providerSignature" TEXT,
    "proofTxid" TEXT,
    "proofJson" TEXT,
    "proofSignature" TEXT,
    "hopLog" TEXT NOT NULL DEFAULT '[]',
    "deadlineAt" DATETIME NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    "completedAt" DATETIME,
    CONSTRAINT "Settlement_orderId_fkey" FOREIGN KEY ("orderId") REFERENCES "PaymentOrder" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

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
    "reserve" BOOLEAN NOT NULL DEFAULT false,
    "provider" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);
INSERT INTO "new_Counterparty" ("checkoutProofTo", "createdAt", "metadataUrl", "ocid", "origin", "profileLearnedAt", "proofCanonicalMode", "requestPath", "signatureEncoding", "updatedAt") SELECT "checkoutProofTo", "createdAt", "metadataUrl", "ocid", "origin", "profileLearnedAt", "proofCanonicalMode", "requestPath", "signatureEncoding", "updatedAt" FROM "Counterparty";
DROP TABLE "Counterparty";
ALTER TABLE "new_Counterparty" RENAME TO "Counterparty";
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE UNIQUE INDEX "Settlement_orderId_key" ON "Settlement"("orderId");

-- CreateIndex
CREATE INDEX "Settlement_status_deadlineAt_idx" ON "Settlement"("status", "deadlineAt");

-- CreateIndex
CREATE INDEX "Settlement_userId_createdAt_idx" ON "Settlement"("userId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "Settlement_gatewayOcid_proofTxid_key" ON "Settlement"("gatewayOcid", "proofTxid");


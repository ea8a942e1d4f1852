-- AlterTable
ALTER TABLE "User" ADD COLUMN "handle" TEXT;

-- CreateTable
CREATE TABLE "Handle" (
    "handle" TEXT NOT NULL PRIMARY KEY,
    "userId" TEXT,
    "merchantId" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "Merchant" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "ownerId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "handle" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Merchant_ownerId_fkey" FOREIGN KEY ("ownerId") REFERENCES "User" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "MerchantApiKey" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "merchantId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "keyHash" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "scopes" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastUsedAt" DATETIME,
    "revokedAt" DATETIME,
    CONSTRAINT "MerchantApiKey_merchantId_fkey" FOREIGN KEY ("merchantId") REFERENCES "Merchant" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "PaymentRequest" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "merchantId" TEXT NOT NULL,
    "shortCode" TEXT NOT NULL,
    "openShortCode" TEXT,
    "currency" TEXT,
    "amount" TEXT,
    "amountMinor" BIGINT,
    "amountPaidMinor" BIGINT NOT NULL DEFAULT 0,
    "amountRefundedMinor" BIGINT NOT NULL DEFAULT 0,
    "amountHeldMinor" BIGINT NOT NULL DEFAULT 0,
    "status" TEXT NOT NULL DEFAULT 'CREATED',
    "statusReason" TEXT,
    "expiresAt" DATETIME NOT NULL,
    "expirySeconds" INTEGER NOT NULL,
    "notBefore" DATETIME,
    "description" TEXT,
    "externalRef" TEXT,
    "openExternalRefKey" TEXT,
    "lineItemsJson" TEXT,
    "partialAllowed" BOOLEAN NOT NULL DEFAULT false,
    "payerUserId" TEXT,
    "capture" TEXT NOT NULL DEFAULT 'auto',
    "holdSeconds" INTEGER NOT NULL DEFAULT 3600,
    "holdExpiresAt" DATETIME,
    "callbackUrl" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "PaymentRequest_merchantId_fkey" FOREIGN KEY ("merchantId") REFERENCES "Merchant" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "PaymentRequest_payerUserId_fkey" FOREIGN KEY ("payerUserId") REFERENCES "User" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "PaymentRequestEvent" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "requestId" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "reason" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "PaymentRequestEvent_requestId_fkey" FOREIGN KEY ("requestId") REFERENCES "PaymentRequest" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "PaymentRequestMovement" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "requestId" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "txid" TEXT NOT NULL,
    "amountMinor" BIGINT NOT NULL,
    "payerUserId" TEXT,
    "externalRef" TEXT,
    "paymentTxid" TEXT,
    "state" TEXT NOT NULL DEFAULT 'settled',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "PaymentRequestMovement_requestId_fkey" FOREIGN KEY ("requestId") REFERENCES "PaymentRequest" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "IdempotencyRecord" (
    "key" TEXT NOT NULL PRIMARY KEY,
    "requestHash" TEXT NOT NULL,
    "status" INTEGER NOT NULL,
    "responseBody" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" DATETIME NOT NULL
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Delivery" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "kind" TEXT NOT NULL,
    "targetOcid" INTEGER,
    "path" TEXT NOT NULL,
    "url" TEXT,
    "paymentRequestId" TEXT,
    "body" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lockedUntil" DATETIME,
    "leaseToken" TEXT,
    "lastError" TEXT,
    "outcome" TEXT,
    "proofTxid" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    "completedAt" DATETIME,
    "redeliveredAt" DATETIME
);
INSERT INTO "new_Delivery" ("attempts", "body", "completedAt", "createdAt", "id", "kind", "lastError", "leaseToken", "lockedUntil", "nextAttemptAt", "outcome", "path", "proofTxid", "redeliveredAt", "status", "targetOcid", "updatedAt") SELECT "attempts", "body", "completedAt", "createdAt", "id", "kind", "lastError", "leaseToken", "lockedUntil", "nextAttemptAt", "outcome", "path", "proofTxid", "redeliveredAt", "status", "targetOcid", "updatedAt" FROM "Delivery";
DROP TABLE "Delivery";
ALTER TABLE "new_Delivery" RENAME TO "Delivery";
CREATE INDEX "Delivery_status_nextAttemptAt_idx" ON "Delivery"("status", "nextAttemptAt");
CREATE INDEX "Delivery_proofTxid_idx" ON "Delivery"("proofTxid");
CREATE INDEX "Delivery_paymentRequestId_idx" ON "Delivery"("paymentRequestId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE UNIQUE INDEX "Handle_userId_key" ON "Handle"("userId");

-- CreateIndex
CREATE UNIQUE INDEX "Handle_merchantId_key" ON "Handle"("merchantId");

-- CreateIndex
CREATE UNIQUE INDEX "Merchant_handle_key" ON "Merchant"("handle");

-- CreateIndex
CREATE INDEX "Merchant_ownerId_createdAt_idx" ON "Merchant"("ownerId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "MerchantApiKey_keyHash_key" ON "MerchantApiKey"("keyHash");

-- CreateIndex
CREATE INDEX "MerchantApiKey_merchantId_idx" ON "MerchantApiKey"("merchantId");

-- CreateIndex
CREATE UNIQUE INDEX "PaymentRequest_openShortCode_key" ON "PaymentRequest"("openShortCode");

-- CreateIndex
CREATE UNIQUE INDEX "PaymentRequest_openExternalRefKey_key" ON "PaymentRequest"("openExternalRefKey");

-- CreateIndex
CREATE INDEX "PaymentRequest_merchantId_createdAt_idx" ON "PaymentRequest"("merchantId", "createdAt");

-- CreateIndex
CREATE INDEX "PaymentRequest_merchantId_status_idx" ON "PaymentRequest"("merchantId", "status");

-- CreateIndex
CREATE INDEX "PaymentRequest_merchantId_externalRef_idx" ON "PaymentRequest"("merchantId", "externalRef");

-- CreateIndex
CREATE INDEX "PaymentRequest_shortCode_createdAt_idx" ON "PaymentRequest"("shortCode", "createdAt");

-- CreateIndex
CREATE INDEX "PaymentRequest_payerUserId_createdAt_idx" ON "PaymentRequest"("payerUserId", "createdAt");

-- CreateIndex
CREATE INDEX "PaymentRequest_status_expiresAt_idx" ON "PaymentRequest"("status", "expiresAt");

-- CreateIndex
CREATE INDEX "PaymentRequestEvent_requestId_createdAt_idx" ON "PaymentRequestEvent"("requestId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "PaymentRequestMovement_txid_key" ON "PaymentRequestMovement"("txid");

-- CreateIndex
CREATE INDEX "PaymentRequestMovement_requestId_createdAt_idx" ON "PaymentRequestMovement"("requestId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "PaymentRequestMovement_requestId_type_externalRef_key" ON "PaymentRequestMovement"("requestId", "type", "externalRef");

-- CreateIndex
CREATE INDEX "IdempotencyRecord_expiresAt_idx" ON "IdempotencyRecord"("expiresAt");

-- CreateIndex
CREATE UNIQUE INDEX "User_handle_key" ON "User"("handle");


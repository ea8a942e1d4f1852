-- CreateTable
CREATE TABLE "RequestNonce" (
    "ocid" INTEGER NOT NULL,
    "nonce" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,

    PRIMARY KEY ("ocid", "nonce")
);

-- CreateTable
CREATE TABLE "Counterparty" (
    "ocid" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "metadataUrl" TEXT NOT NULL,
    "proofCanonicalMode" TEXT NOT NULL DEFAULT 'recursive',
    "checkoutProofTo" TEXT NOT NULL DEFAULT 'merchant',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "PaymentOrder" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "source" TEXT NOT NULL,
    "merchantOcid" INTEGER NOT NULL,
    "merchantName" TEXT NOT NULL,
    "merchantIcon" TEXT,
    "merchantOrderId" TEXT NOT NULL,
    "orderJson" TEXT NOT NULL,
    "signature" TEXT NOT NULL,
    "amount" TEXT NOT NULL,
    "currency" TEXT NOT NULL,
    "amountMinor" BIGINT NOT NULL,
    "memo" TEXT,
    "expiresAt" DATETIME,
    "urlsJson" TEXT,
    "senderOcid" INTEGER NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "payerUserId" TEXT,
    "paidAt" DATETIME,
    "txid" TEXT,
    "paidKey" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "PaySession" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "userId" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "expiresAt" DATETIME NOT NULL,
    "orderId" TEXT,
    "failureReason" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "PaySession_orderId_fkey" FOREIGN KEY ("orderId") REFERENCES "PaymentOrder" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "PaySession_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "CheckoutSession" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "gatewayOcid" INTEGER NOT NULL,
    "orderId" TEXT NOT NULL,
    "successUrl" TEXT NOT NULL,
    "cancelUrl" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'open',
    "expiresAt" DATETIME NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "CheckoutSession_orderId_fkey" FOREIGN KEY ("orderId") REFERENCES "PaymentOrder" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "TransferProof" (
    "txid" TEXT NOT NULL PRIMARY KEY,
    "orderId" TEXT NOT NULL,
    "proofJson" TEXT NOT NULL,
    "signature" TEXT NOT NULL,
    "canonicalMode" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "TransferProof_orderId_fkey" FOREIGN KEY ("orderId") REFERENCES "PaymentOrder" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Delivery" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "kind" TEXT NOT NULL,
    "targetOcid" INTEGER NOT NULL,
    "path" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lockedUntil" DATETIME,
    "lastError" TEXT,
    "outcome" TEXT,
    "proofTxid" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    "completedAt" DATETIME
);

-- CreateTable
CREATE TABLE "DeliveryAttempt" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "deliveryId" TEXT NOT NULL,
    "startedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "url" TEXT NOT NULL,
    "httpStatus" INTEGER,
    "latencyMs" INTEGER NOT NULL,
    "error" TEXT,
    "responseExcerpt" TEXT,
    CONSTRAINT "DeliveryAttempt_deliveryId_fkey" FOREIGN KEY ("deliveryId") REFERENCES "Delivery" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "RequestNonce_createdAt_idx" ON "RequestNonce"("createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "PaymentOrder_txid_key" ON "PaymentOrder"("txid");

-- CreateIndex
CREATE UNIQUE INDEX "PaymentOrder_paidKey_key" ON "PaymentOrder"("paidKey");

-- CreateIndex
CREATE INDEX "PaymentOrder_merchantOrderId_idx" ON "PaymentOrder"("merchantOrderId");

-- CreateIndex
CREATE INDEX "PaymentOrder_merchantOcid_merchantOrderId_idx" ON "PaymentOrder"("merchantOcid", "merchantOrderId");

-- CreateIndex
CREATE UNIQUE INDEX "PaySession_orderId_key" ON "PaySession"("orderId");

-- CreateIndex
CREATE INDEX "PaySession_userId_createdAt_idx" ON "PaySession"("userId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "CheckoutSession_orderId_key" ON "CheckoutSession"("orderId");

-- CreateIndex
CREATE INDEX "CheckoutSession_gatewayOcid_idx" ON "CheckoutSession"("gatewayOcid");

-- CreateIndex
CREATE UNIQUE INDEX "TransferProof_orderId_key" ON "TransferProof"("orderId");

-- CreateIndex
CREATE INDEX "Delivery_status_nextAttemptAt_idx" ON "Delivery"("status", "nextAttemptAt");

-- CreateIndex
CREATE INDEX "Delivery_proofTxid_idx" ON "Delivery"("proofTxid");

-- CreateIndex
CREATE INDEX "DeliveryAttempt_deliveryId_startedAt_idx" ON "DeliveryAttempt"("deliveryId", "startedAt");


-- AlterTable
ALTER TABLE "User" ADD COLUMN     "handle" TEXT;

-- AlterTable
ALTER TABLE "Delivery" ADD COLUMN     "paymentRequestId" TEXT,
ADD COLUMN     "url" TEXT,
ALTER COLUMN "targetOcid" DROP NOT NULL;

-- CreateTable
CREATE TABLE "Handle" (
    "handle" TEXT NOT NULL,
    "userId" TEXT,
    "merchantId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Handle_pkey" PRIMARY KEY ("handle")
);

-- CreateTable
CREATE TABLE "Merchant" (
    "id" TEXT NOT NULL,
    "ownerId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "handle" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Merchant_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MerchantApiKey" (
    "id" TEXT NOT NULL,
    "merchantId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "keyHash" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "scopes" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastUsedAt" TIMESTAMP(3),
    "revokedAt" TIMESTAMP(3),

    CONSTRAINT "MerchantApiKey_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PaymentRequest" (
    "id" TEXT NOT NULL,
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
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "expirySeconds" INTEGER NOT NULL,
    "notBefore" TIMESTAMP(3),
    "description" TEXT,
    "externalRef" TEXT,
    "openExternalRefKey" TEXT,
    "lineItemsJson" TEXT,
    "partialAllowed" BOOLEAN NOT NULL DEFAULT false,
    "payerUserId" TEXT,
    "capture" TEXT NOT NULL DEFAULT 'auto',
    "holdSeconds" INTEGER NOT NULL DEFAULT 3600,
    "holdExpiresAt" TIMESTAMP(3),
    "callbackUrl" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "PaymentRequest_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PaymentRequestEvent" (
    "id" TEXT NOT NULL,
    "requestId" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "reason" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PaymentRequestEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PaymentRequestMovement" (
    "id" TEXT NOT NULL,
    "requestId" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "txid" TEXT NOT NULL,
    "amountMinor" BIGINT NOT NULL,
    "payerUserId" TEXT,
    "externalRef" TEXT,
    "paymentTxid" TEXT,
    "state" TEXT NOT NULL DEFAULT 'settled',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PaymentRequestMovement_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "IdempotencyRecord" (
    "key" TEXT NOT NULL,
    "requestHash" TEXT NOT NULL,
    "status" INTEGER NOT NULL,
    "responseBody" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "IdempotencyRecord_pkey" PRIMARY KEY ("key")
);

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

-- CreateIndex
CREATE INDEX "Delivery_paymentRequestId_idx" ON "Delivery"("paymentRequestId");

-- AddForeignKey
ALTER TABLE "Merchant" ADD CONSTRAINT "Merchant_ownerId_fkey" FOREIGN KEY ("ownerId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MerchantApiKey" ADD CONSTRAINT "MerchantApiKey_merchantId_fkey" FOREIGN KEY ("merchantId") REFERENCES "Merchant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PaymentRequest" ADD CONSTRAINT "PaymentRequest_merchantId_fkey" FOREIGN KEY ("merchantId") REFERENCES "Merchant"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PaymentRequest" ADD CONSTRAINT "PaymentRequest_payerUserId_fkey" FOREIGN KEY ("payerUserId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PaymentRequestEvent" ADD CONSTRAINT "PaymentRequestEvent_requestId_fkey" FOREIGN KEY ("requestId") REFERENCES "PaymentRequest"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PaymentRequestMovement" ADD CONSTRAINT "PaymentRequestMovement_requestId_fkey" FOREIGN KEY ("requestId") REFERENCES "PaymentRequest"("id") ON DELETE RESTRICT ON UPDATE CASCADE;


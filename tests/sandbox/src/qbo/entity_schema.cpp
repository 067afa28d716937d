#include "qbo/entity_schema.hpp"

#include <sstream>

#include "qbo/qbo_fault.hpp"

namespace ledgersync::sandbox::qbo {

namespace {

// The complex types reachable from the entities the sandbox serves (Account, Customer,
// Invoice, ..., Preferences, CompanyInfo, ExchangeRate), as the XSDs declare them: a paragraph
// per type, "Type" or "Type : Base" on its first line, then its own elements and attributes;
// "Name:Type" marks a member of complex type. A simple-content type (ReferenceType) has its
// text as "value", as QBO's JSON writes it. Generated from shared/specs/qbo/xsd and checked
// against them by a model test (entity_schema_test.cpp), which names any difference.
constexpr std::string_view kSchema = R"(
Account : IntuitEntity
    Name SubAccount ParentRef:ReferenceType Description FullyQualifiedName AccountAlias
    TxnLocationType Active Classification AccountType AccountSubType
    AccountPurposes:ReferenceType AcctNum AcctNumExtn BankNum OpeningBalance OpeningBalanceDate
    CurrentBalance CurrentBalanceWithSubAccounts CurrencyRef:ReferenceType TaxAccount
    TaxCodeRef:ReferenceType OnlineBankingEnabled FIName JournalCodeRef:ReferenceType
    AccountEx:IntuitAnyType

AccountBasedExpenseLineDetail
    CustomerRef:ReferenceType ClassRef:ReferenceType AccountRef:ReferenceType BillableStatus
    MarkupInfo:MarkupInfo TaxAmount TaxCodeRef:ReferenceType TaxInclusiveAmt
    ExpenseDetailLineDetailEx:IntuitAnyType

AdvancedInventoryPrefs
    MLIAvailable MLIEnabled EnhancedInventoryReceivingEnabled TrackingSerialOrLotNumber
    TrackingOnSalesTransactionsEnabled TrackingOnPurchaseTransactionsEnabled
    TrackingOnInventoryAdjustmentEnabled TrackingOnBuildAssemblyEnabled FIFOEnabled
    FIFOEffectiveDate RowShelfBinEnabled BarcodeEnabled

AttachableRef
    EntityRef:ReferenceType LineInfo IncludeOnSend CustomField:CustomField
    AttachableRefEx:IntuitAnyType

CashBackInfo
    AccountRef:ReferenceType Amount Memo

CheckPayment
    CheckNum Status NameOnAcct AcctNum BankName CheckPaymentEx:IntuitAnyType

CompanyAccountingPrefs
    UseAccountNumbers DefaultARAccount:ReferenceType DefaultAPAccount:ReferenceType
    RequiresAccounts TrackDepartments DepartmentTerminology ClassTrackingPerTxn
    ClassTrackingPerTxnLine AutoJournalEntryNumber FirstMonthOfFiscalYear TaxYearMonth TaxForm
    BookCloseDate OtherContactInfo:ContactInfo CustomerTerminology

CompanyInfo : IntuitEntity
    CompanyName LegalName CompanyAddr:PhysicalAddress CustomerCommunicationAddr:PhysicalAddress
    LegalAddr:PhysicalAddress CompanyEmailAddr:EmailAddress
    CustomerCommunicationEmailAddr:EmailAddress CompanyURL:WebSiteAddress
    PrimaryPhone:TelephoneNumber OtherContactInfo:ContactInfo CompanyFileName FlavorStratum
    SampleFile CompanyUserId CompanyUserAdminEmail CompanyStartDate EmployerId
    FiscalYearStartMonth TaxYearStartMonth QBVersion Country ShipAddr:PhysicalAddress
    OtherAddr:PhysicalAddress Mobile:TelephoneNumber Fax:TelephoneNumber Email:EmailAddress
    WebAddr:WebSiteAddress LastImportedTime LastSyncTime SupportedLanguages DefaultTimeZone
    MultiByteCharsSupported NameValue:NameValue FifoCalculationStatus
    CompanyInfoEx:IntuitAnyType

ContactInfo
    Type Telephone:TelephoneNumber Email:EmailAddress WebSite:WebSiteAddress
    OtherContact:GenericContactType

ConvenienceFeeDetail : IntuitEntity
    ConvenienceFeeType ConvenienceFeePercent

CreditCardPayment
    CreditChargeInfo:CreditChargeInfo CreditChargeResponse:CreditChargeResponse

CreditChargeInfo
    Number Type NameOnAcct CcExpiryMonth CcExpiryYear BillAddrStreet PostalCode
    CommercialCardCode CCTxnMode CCTxnType PrevCCTransId Amount ProcessPayment
    CreditCardChargeInfoEx:IntuitAnyType

CreditChargeResponse
    CCProcessor CCTransId Status ResultCode ResultMsg MerchantAcctNum CardSecurityCodeMatch
    AuthCode AvsStreet AvsZip SecurityCode ReconBatchId PaymentGroupingCode TxnAuthorizationTime
    TxnAuthorizationStamp ClientTransID CreditChargeResponseEx:IntuitAnyType

CreditMemo : SalesTransaction
    RemainingCredit InvoiceRef:ReferenceType CreditMemoEx:IntuitAnyType

CurrencyPrefs
    MultiCurrencyEnabled HomeCurrency:ReferenceType

CustomExtensionAssociatedValues
    Key Value

CustomExtensions
    ExtensionType AssociatedValues:CustomExtensionAssociatedValues

CustomField
    DefinitionId Name Type StringValue BooleanValue DateValue NumberValue

CustomFieldDefinition : IntuitEntity
    EntityType Name Hidden Required AppId

Customer : NameBase
    Taxable BillAddr:PhysicalAddress ShipAddr:PhysicalAddress OtherAddr:PhysicalAddress
    ContactName AltContactName Notes Job BillWithParent RootCustomerRef:ReferenceType
    ParentRef:ReferenceType Level CustomerTypeRef:ReferenceType SalesTermRef:ReferenceType
    SalesRepRef:ReferenceType TaxGroupCodeRef:ReferenceType TaxRateRef:ReferenceType
    PaymentMethodRef:ReferenceType CCDetail:CreditChargeInfo PriceLevelRef:ReferenceType Balance
    OpenBalanceDate BalanceWithJobs CreditLimit AcctNum CurrencyRef:ReferenceType OverDueBalance
    TotalRevenue TotalExpense PreferredDeliveryMethod ResaleNum JobInfo:JobInfo TDSEnabled
    CustomerEx:IntuitAnyType SecondaryTaxIdentifier ARAccountRef:ReferenceType
    PrimaryTaxIdentifier TaxExemptionReasonId IsProject BusinessNumber GSTIN GSTRegistrationType
    IsCISContractor ClientCompanyId ClientEntityId Source TaxRegime

Deposit : Transaction
    DepositToAccountRef:ReferenceType CashBack:CashBackInfo GlobalTaxCalculation TotalAmt HomeTotalAmt
    DepositEx:IntuitAnyType

DepositLineDetail
    Entity:ReferenceType ClassRef:ReferenceType AccountRef:ReferenceType
    PaymentMethodRef:ReferenceType CheckNum TxnType TaxCodeRef:ReferenceType TaxApplicableOn
    DepositLineDetailEx:IntuitAnyType

DescriptionLineDetail
    ServiceDate TaxCodeRef:ReferenceType DescriptionLineDetailEx:IntuitAnyType

DiscountLineDetail : DiscountOverride
    ServiceDate ClassRef:ReferenceType TaxCodeRef:ReferenceType
    DiscountLineDetailEx:IntuitAnyType

DiscountOverride
    DiscountRef:ReferenceType PercentBased DiscountPercent DiscountAccountRef:ReferenceType

EffectiveTaxRate
    RateValue EffectiveDate EndDate EffectiveTaxRateEx:IntuitAnyType

EmailAddress
    Id Address Default Tag

EmailMessage
    Subject Message

EmailMessagesPrefs
    NameValue:NameValue InvoiceMessage:EmailMessage EstimateMessage:EmailMessage
    SalesReceiptMessage:EmailMessage StatementMessage:EmailMessage

Employee : NameBase
    EmployeeType EmployeeNumber SSN PrimaryAddr:PhysicalAddress OtherAddr:PhysicalAddress
    BillableTime BillRate BirthDate Gender HiredDate ReleasedDate UseTimeEntry
    EmployeeEx:IntuitAnyType CostRate Notes

EnabledSurchargeInfo
    Enabled Card:SurchargePaymentMethodInfo ACH:SurchargePaymentMethodInfo

EntityTypeRef
    Type EntityRef:ReferenceType

Estimate : SalesTransaction
    ExpirationDate AcceptedBy AcceptedDate EstimateEx:IntuitAnyType

ExchangeRate : IntuitEntity
    SourceCurrencyCode TargetCurrencyCode Rate AsOfDate ExchangeRateEx:IntuitAnyType

FinanceChargePrefs
    AnnualInterestRate MinFinChrg GracePeriod CalcFinChrgFromTxnDate
    AssessFinChrgForOverdueCharges FinChrgAccountRef:ReferenceType

GenericContactType
    Id Name Value Type Default Tag

GroupLineDetail
    GroupItemRef:ReferenceType Quantity UOMRef:UOMRef ServiceDate Line:Line
    GroupLineDetailEx:IntuitAnyType

IntuitEntity
    Id SyncToken MetaData:ModificationMetaData CustomField:CustomField
    AttachableRef:AttachableRef domain status sparse

Invoice : SalesTransaction
    Deposit AllowIPNPayment AllowOnlinePayment AllowOnlineCreditCardPayment
    AllowOnlineACHPayment AllowOnlinePayPalPayment AllowOnlineAffirmPayment EInvoiceStatus
    ECloudStatusTimeStamp CfdiUse Exportation GlobalInfo:MXGlobalInfo invoiceStatus callToAction
    invoiceStatusLog:StatusInfo InvoiceEx:IntuitAnyType LessCIS InvoiceLink
    PaymentDetailsMessage ConvenienceFeeDetail:ConvenienceFeeDetail
    EnabledSurchargeInfo:EnabledSurchargeInfo InvoiceLinkSecurityCode InvoiceLinkExpiryDate
    AutoPayEligible SchedulePayEligible ScheduledPaymentId GratuityEnabled FinancingProductType
    SubscriptionPaymentsSetting TxnRetainageDetail:TxnRetainageDetail

Item : IntuitEntity
    Name Sku Description Active SubItem ParentRef:ReferenceType Level FullyQualifiedName Taxable
    SalesTaxIncluded PercentBased UnitPrice RatePercent Type PaymentMethodRef:ReferenceType
    UOMSetRef:ReferenceType IncomeAccountRef:ReferenceType PurchaseDesc PurchaseTaxIncluded
    PurchaseCost ExpenseAccountRef:ReferenceType COGSAccountRef:ReferenceType
    AssetAccountRef:ReferenceType PrefVendorRef:ReferenceType AvgCost TrackQtyOnHand QtyOnHand
    QtyOnPurchaseOrder QtyOnSalesOrder ReorderPoint ManPartNum DepositToAccountRef:ReferenceType
    SalesTaxCodeRef:ReferenceType PurchaseTaxCodeRef:ReferenceType InvStartDate BuildPoint
    PrintGroupedItems SpecialItem SpecialItemType ItemGroupDetail:ItemGroupDetail
    ItemAssemblyDetail:ItemAssemblyDetail AbatementRate ReverseChargeRate ServiceType
    ItemCategoryType ItemEx:IntuitAnyType TaxClassificationRef:ReferenceType UQCDisplayText
    UQCId ClassRef:ReferenceType Source DeferredRevenue CustomExtensions:CustomExtensions

ItemAdjustmentLineDetail
    ItemRef:ReferenceType SalesPrice QtyDiff NewQty ClassRef:ReferenceType

ItemAssemblyDetail
    ItemAssemblyLine:ItemComponentLine

ItemBasedExpenseLineDetail : ItemLineDetail
    CustomerRef:ReferenceType BillableStatus TaxInclusiveAmt
    ItemBasedExpenseLineDetailEx:IntuitAnyType

ItemComponentLine
    ItemRef:ReferenceType Qty UOMRef:UOMRef

ItemGroupDetail
    ItemGroupLine:ItemComponentLine

ItemLineDetail
    ItemRef:ReferenceType ClassRef:ReferenceType UnitPrice UnitCostPrice RatePercent
    PriceLevelRef:ReferenceType MarkupInfo:MarkupInfo Qty UOMRef:UOMRef
    ItemAccountRef:ReferenceType InventorySiteRef:ReferenceType TaxCodeRef:ReferenceType
    TaxClassificationRef:ReferenceType

ItemReceiptLineDetail
    ItemReceiptLineDetailEx:IntuitAnyType

JobInfo
    Status StartDate ProjectedEndDate EndDate Description JobTypeRef:ReferenceType

JournalEntryLineDetail
    PostingType Entity:EntityTypeRef AccountRef:ReferenceType ClassRef:ReferenceType
    DepartmentRef:ReferenceType TaxCodeRef:ReferenceType TaxRateRef:ReferenceType
    TaxApplicableOn TaxAmount TaxInclusiveAmt BillableStatus JournalCodeRef:ReferenceType
    JournalEntryLineDetailEx:IntuitAnyType

Line
    Id LineNum Description Amount Received LinkedTxn:LinkedTxn DetailType
    PaymentLineDetail:PaymentLineDetail DiscountLineDetail:DiscountLineDetail
    TaxLineDetail:TaxLineDetail SalesItemLineDetail:SalesItemLineDetail
    DescriptionLineDetail:DescriptionLineDetail
    ItemBasedExpenseLineDetail:ItemBasedExpenseLineDetail
    AccountBasedExpenseLineDetail:AccountBasedExpenseLineDetail
    ReimburseLineDetail:ReimburseLineDetail DepositLineDetail:DepositLineDetail
    PurchaseOrderItemLineDetail:PurchaseOrderItemLineDetail
    SalesOrderItemLineDetail:SalesOrderItemLineDetail
    ItemReceiptLineDetail:ItemReceiptLineDetail JournalEntryLineDetail:JournalEntryLineDetail
    GroupLineDetail:GroupLineDetail SubTotalLineDetail:SubTotalLineDetail
    TDSLineDetail:TDSLineDetail ItemAdjustmentLineDetail:ItemAdjustmentLineDetail
    CustomField:CustomField LineEx:IntuitAnyType ProjectRef:ReferenceType CostAmount
    HomeCostAmount CustomExtensions:CustomExtensions

LinkedTxn
    TxnId TxnType TxnLineId

MXGlobalInfo
    Periodicity Month Year

MarkupInfo
    PercentBased Value Percent PriceLevelRef:ReferenceType MarkUpIncomeAccountRef:ReferenceType

MemoRef
    value id

ModificationMetaData
    CreatedByRef:ReferenceType CreateTime LastModifiedByRef:ReferenceType LastUpdatedTime
    LastChangedInQB Synchronized

NameBase : IntuitEntity
    IntuitId Organization Title GivenName MiddleName FamilyName Suffix FullyQualifiedName
    CompanyName DisplayName PrintOnCheckName UserId Active V4IDPseudonym
    PrimaryPhone:TelephoneNumber AlternatePhone:TelephoneNumber Mobile:TelephoneNumber
    Fax:TelephoneNumber PrimaryEmailAddr:EmailAddress WebAddr:WebSiteAddress
    OtherContactInfo:ContactInfo DefaultTaxCodeRef:ReferenceType

NameValue
    Name Value

OtherPrefs
    NameValue:NameValue

Payment : Transaction
    CustomerRef:ReferenceType RemitToRef:ReferenceType ARAccountRef:ReferenceType
    DepositToAccountRef:ReferenceType PaymentMethodRef:ReferenceType PaymentRefNum PaymentType
    CheckPayment:CheckPayment CreditCardPayment:CreditCardPayment TotalAmt UnappliedAmt
    ProcessPayment PaymentExtendedType PaymentEx:IntuitAnyType

PaymentLineDetail
    ItemRef:ReferenceType ServiceDate ClassRef:ReferenceType Balance HomeBalance
    Discount:DiscountOverride PaymentLineEx:IntuitAnyType

PaymentMethod : IntuitEntity
    Name Active Type PaymentMethodEx:IntuitAnyType

PhysicalAddress
    Id Line1 Line2 Line3 Line4 Line5 City Country CountryCode County CountrySubDivisionCode
    PostalCode PostalCodeSuffix Lat Long Tag Note

Preferences : IntuitEntity
    AccountingInfoPrefs:CompanyAccountingPrefs AdvancedInventoryPrefs:AdvancedInventoryPrefs
    ProductAndServicesPrefs:ProductAndServicesPrefs SalesFormsPrefs:SalesFormsPrefs
    EmailMessagesPrefs:EmailMessagesPrefs PrintDocumentPrefs:PrintDocumentPrefs
    VendorAndPurchasesPrefs:VendorAndPurchasesPrefs TimeTrackingPrefs:TimeTrackingPrefs
    TaxPrefs:TaxPrefs FinanceChargesPrefs:FinanceChargePrefs CurrencyPrefs:CurrencyPrefs
    ReportPrefs:ReportPrefs OtherPrefs:OtherPrefs

PrintDocumentPrefs
    NameValue:NameValue

ProductAndServicesPrefs
    ForSales ForPurchase InventoryAndPurchaseOrder QuantityWithPriceAndRate QuantityOnHand UOM
    RevenueRecognition RevenueRecognitionFrequency

Purchase : Transaction
    AccountRef:ReferenceType PaymentMethodRef:ReferenceType PaymentRefNum PaymentType
    CheckPayment:CheckPayment CreditCardPayment:CreditCardPayment EntityRef:ReferenceType Credit
    RemitToAddr:PhysicalAddress TotalAmt Memo PrintStatus GlobalTaxCalculation
    PurchaseEx:IntuitAnyType LessCIS IncludeInAnnualTPAR

PurchaseOrderItemLineDetail : SalesItemLineDetail
    ManPartNum ManuallyClosed OpenQty PurchaseOrderItemLineDetailEx:IntuitAnyType

RecurringInfo
    Name RecurType Active ScheduleInfo:RecurringScheduleInfo

RecurringScheduleInfo
    IntervalType NumInterval DayOfMonth DayOfWeek WeekOfMonth MonthOfYear RemindDays DaysBefore
    MaxOccurrences StartDate EndDate NextDate PreviousDate

ReferenceType
    value name type

RefundReceipt : SalesTransaction
    RemainingCredit RefundReceiptEx:IntuitAnyType

ReimburseLineDetail : ItemLineDetail

ReportPrefs
    ReportBasis CalcAgingReportFromTxnDate

SalesFormsPrefs
    UsingProgressInvoicing CustomField:CustomFieldDefinition CustomTxnNumbers DelayedCharges
    SalesEmailCc:EmailAddress SalesEmailBcc:EmailAddress EmailCopyToCompany AllowDeposit
    AllowDiscount DefaultDiscountAccount AllowEstimates EstimateMessage
    ETransactionEnabledStatus ETransactionAttachPDF ETransactionPaymentEnabled IPNSupportEnabled
    InvoiceMessage AllowServiceDate AllowShipping DefaultShippingAccount
    DefaultItem:ReferenceType DefaultTerms:ReferenceType DefaultDeliveryMethod AutoApplyCredit
    AutoApplyPayments PrintItemWithZeroAmount DefaultShipMethodRef:ReferenceType DefaultMarkup
    TrackReimbursableExpensesAsIncome UsingSalesOrders UsingPriceLevels DefaultFOB
    DefaultCustomerMessage

SalesItemLineDetail : ItemLineDetail
    ServiceDate TaxInclusiveAmt DiscountRate DiscountAmt DeferredRevenue RetainageAmount
    SalesItemLineDetailEx:IntuitAnyType

SalesOrderItemLineDetail : SalesItemLineDetail
    ManuallyClosed

SalesReceipt : SalesTransaction
    SalesReceiptEx:IntuitAnyType LessCIS

SalesTransaction : Transaction
    AutoDocNumber CustomerRef:ReferenceType CustomerMemo:MemoRef BillAddr:PhysicalAddress
    ShipAddr:PhysicalAddress FreeFormAddress ShipFromAddr:PhysicalAddress
    RemitToRef:ReferenceType ClassRef:ReferenceType SalesTermRef:ReferenceType DueDate
    SalesRepRef:ReferenceType PONumber FOB ShipMethodRef:ReferenceType ShipDate TrackingNum
    GlobalTaxCalculation TotalAmt HomeTotalAmt ApplyTaxAfterDiscount
    ShippingTaxIncludedInTotalTax TemplateRef:ReferenceType PrintStatus EmailStatus
    BillEmail:EmailAddress BillEmailCc:EmailAddress BillEmailBcc:EmailAddress
    ARAccountRef:ReferenceType Balance HomeBalance FinanceCharge PaymentMethodRef:ReferenceType
    PaymentRefNum PaymentType CheckPayment:CheckPayment CreditCardPayment:CreditCardPayment
    DepositToAccountRef:ReferenceType DeliveryInfo:TransactionDeliveryInfo DiscountRate
    DiscountAmt GovtTxnRefIdentifier TaxExemptionRef:ReferenceType

StatusInfo
    status statusDate callToAction

SubTotalLineDetail
    ItemRef:ReferenceType ServiceDate

SurchargePaymentMethodInfo
    Enabled

TDSLineDetail
    TDSAccountRef:ReferenceType TDSSectionTypeId TDSLineDetailEx:IntuitAnyType

Tag : IntuitEntity
    Name

TaxCode : IntuitEntity
    Name Description Active Hidden Taxable TaxGroup SalesTaxRateList:TaxRateList
    PurchaseTaxRateList:TaxRateList AdjustmentTaxRateList:TaxRateList TaxCodeEx:IntuitAnyType
    TaxCodeConfigType

TaxLineDetail
    TaxRateRef:ReferenceType PercentBased TaxPercent NetAmountTaxable TaxInclusiveAmount
    OverrideDeltaAmount ServiceDate TaxLineDetailEx:IntuitAnyType

TaxPrefs
    UsingSalesTax PartnerTaxEnabled HideTaxManagement TaxGroupCodeRef:ReferenceType
    TaxRateRef:ReferenceType PaySalesTax NonTaxableSalesTaxCodeRef:ReferenceType
    TaxableSalesTaxCodeRef:ReferenceType

TaxRate : IntuitEntity
    Name Description Active RateValue AgencyRef:ReferenceType TaxReturnLineRef:ReferenceType
    EffectiveTaxRate:EffectiveTaxRate SpecialTaxType DisplayType TaxRateEx:IntuitAnyType
    OriginalTaxRate:ReferenceType

TaxRateDetail
    TaxRateRef:ReferenceType TaxTypeApplicable TaxOrder TaxOnTaxOrder

TaxRateList
    TaxRateDetail:TaxRateDetail originatingGroupId

TelephoneNumber
    Id DeviceType CountryCode AreaCode ExchangeCode Extension FreeFormNumber Default Tag

Term : IntuitEntity
    Name Active Type DiscountPercent DueDays DiscountDays DayOfMonthDue DueNextMonthDays
    DiscountDayOfMonth SalesTermEx:IntuitAnyType

TimeTrackingPrefs
    UseServices DefaultTimeItem:ReferenceType BillCustomers ShowBillRateToAll WorkWeekStartDate
    TimeTrackingEnabled MarkTimeEntriesBillable MarkExpensesAsBillable

Transaction : IntuitEntity
    DocNumber TxnDate TxnSubType DepartmentRef:ReferenceType CurrencyRef:ReferenceType
    ExchangeRate PrivateNote TxnStatus LinkedTxn:LinkedTxn Line:Line TxnTaxDetail:TxnTaxDetail
    TxnSource TaxFormType TaxFormNum TransactionLocationType Tag:Tag
    TxnApprovalInfo:TxnApprovalInfo RecurDataRef:ReferenceType RecurringInfo:RecurringInfo
    ProjectRef:ReferenceType TotalCostAmount HomeTotalCostAmount

TransactionDeliveryInfo
    DeliveryType DeliveryTime DeliveryErrorType

Transfer : Transaction
    FromAccountRef:ReferenceType ToAccountRef:ReferenceType Amount ClassRef:ReferenceType
    TransferEx:IntuitAnyType

TxnApprovalInfo
    ApprovalStatus ApprovalStatusDetail LastChangedByUser LastChangedDate

TxnRetainageDetail
    RetainageAmount RetainageOpenBalance

TxnTaxDetail
    DefaultTaxCodeRef:ReferenceType TxnTaxCodeRef:ReferenceType TotalTax TaxReviewStatus
    TaxLine:Line UseAutomatedSalesTax

UOMRef
    Unit UOMSetRef:ReferenceType

Vendor : NameBase
    ContactName AltContactName Notes BillAddr:PhysicalAddress ShipAddr:PhysicalAddress
    OtherAddr:PhysicalAddress TaxCountry TaxIdentifier TaxIdEffectiveDate BusinessNumber
    ParentRef:ReferenceType VendorTypeRef:ReferenceType TermRef:ReferenceType
    PrefillAccountRef:ReferenceType Balance BillRate OpenBalanceDate CreditLimit AcctNum
    Vendor1099 T4AEligible T5018Eligible CurrencyRef:ReferenceType TDSEnabled TDSEntityTypeId
    TDSSectionTypeId TDSOverrideThreshold TaxReportingBasis APAccountRef:ReferenceType
    VendorEx:IntuitAnyType GSTIN GSTRegistrationType IsSubContractor SubcontractorType CISRate
    HasTPAR VendorPaymentBankDetail:VendorBankAccountDetail Source CostRate
    AgencyVerificationStatus AgencyVerificationStatusMsg AgencyVerificationTSUTC
    CompanyRegistrationNumber

VendorAndPurchasesPrefs
    EnableBills TrackingByCustomer BillableExpenseTracking DefaultTerms:ReferenceType
    DefaultMarkup DefaultMarkupAccount:ReferenceType AutomaticBillPayment TPAREnabled
    POCustomField:CustomFieldDefinition MsgToVendors UsingInventory UsingMultiLocationInventory
    DaysBillsAreDue DiscountAccountRef:ReferenceType

VendorBankAccountDetail
    BankBranchIdentifier BankAccountNumber BankAccountName StatementText

WebSiteAddress
    Id URI Default Tag
)";

std::map<std::string, SchemaType, std::less<>> parse_schema() {
    std::map<std::string, SchemaType, std::less<>> types;
    std::istringstream paragraphs{std::string(kSchema)};
    std::string line;
    SchemaType* current = nullptr;
    while (std::getline(paragraphs, line)) {
        if (line.find_first_not_of(' ') == std::string::npos) {
            current = nullptr;
            continue;
        }
        std::istringstream words(line);
        if (current == nullptr) {
            SchemaType type;
            std::string colon;
            words >> type.name >> colon >> type.base;
            current = &types.emplace(type.name, type).first->second;
            continue;
        }
        std::string word;
        while (words >> word) {
            const auto split = word.find(':');
            current->own_members.push_back({word.substr(0, split), split == std::string::npos
                                                                       ? std::string()
                                                                       : word.substr(split + 1)});
        }
    }
    return types;
}

// The member of `type` (or of a type it extends) named `name`; nullptr when there is none.
const SchemaMember* find_member(const SchemaType& type, std::string_view name) {
    for (const SchemaType* t = &type; t != nullptr;) {
        for (const auto& member : t->own_members) {
            if (member.name == name)
                return &member;
        }
        const auto base = schema_types().find(t->base);
        t = base == schema_types().end() ? nullptr : &base->second;
    }
    return nullptr;
}

void check_object(const SchemaType& type, const nlohmann::json& value) {
    if (value.is_array()) {
        for (const auto& element : value)
            check_object(type, element);
        return;
    }
    if (!value.is_object())
        return;  // a value of the wrong kind is the business of the rules that read it
    for (auto it = value.begin(); it != value.end(); ++it) {
        const SchemaMember* member = find_member(type, it.key());
        if (member == nullptr)
            throw faults::unrecognized_field(it.key(), type.name);
        if (member->type.empty())
            continue;
        const auto nested = schema_types().find(member->type);
        if (nested != schema_types().end())  // IntuitAnyType: anything goes
            check_object(nested->second, it.value());
    }
}

}  // namespace

const std::map<std::string, SchemaType, std::less<>>& schema_types() {
    static const auto types = parse_schema();
    return types;
}

void check_known_members(std::string_view type, const nlohmann::json& body) {
    const auto it = schema_types().find(type);
    if (it != schema_types().end())
        check_object(it->second, body);
}

}  // namespace ledgersync::sandbox::qbo

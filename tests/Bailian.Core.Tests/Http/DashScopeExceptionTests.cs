using System.Net;
using Bailian.Http;

namespace Bailian.Tests.Http;

public class DashScopeExceptionTests
{
    [Theory]
    [InlineData(429, "Throttling", true, "Bailian.Throttled", BailianErrorCategory.LimitsExceeded)]
    [InlineData(429, "Throttling.RateQuota", true, "Bailian.Throttled", BailianErrorCategory.LimitsExceeded)]
    [InlineData(429, "LimitRequests", true, "Bailian.Throttled", BailianErrorCategory.LimitsExceeded)]
    [InlineData(429, "Throttling.AllocationQuota", false, "Bailian.QuotaOrBilling", BailianErrorCategory.QuotaExceeded)]
    [InlineData(429, "PrepaidBillOverdue", false, "Bailian.QuotaOrBilling", BailianErrorCategory.QuotaExceeded)]
    [InlineData(500, "InternalError", true, "Bailian.ServerError", BailianErrorCategory.ResourceUnavailable)]
    [InlineData(502, null, true, "Bailian.ServerError", BailianErrorCategory.ResourceUnavailable)]
    [InlineData(503, "ModelUnavailable", true, "Bailian.ServerError", BailianErrorCategory.ResourceUnavailable)]
    [InlineData(504, null, true, "Bailian.ServerError", BailianErrorCategory.OperationTimeout)]
    [InlineData(408, "RequestTimeOut", true, "Bailian.ApiError", BailianErrorCategory.OperationTimeout)]
    [InlineData(400, "InvalidParameter", false, "Bailian.InvalidParameter", BailianErrorCategory.InvalidArgument)]
    [InlineData(400, "DataInspectionFailed", false, "Bailian.ContentFiltered", BailianErrorCategory.InvalidArgument)]
    [InlineData(400, "Arrearage", false, "Bailian.QuotaOrBilling", BailianErrorCategory.InvalidArgument)]
    [InlineData(401, "InvalidApiKey", false, "Bailian.InvalidApiKey", BailianErrorCategory.AuthenticationError)]
    [InlineData(403, "AccessDenied", false, "Bailian.AccessDenied", BailianErrorCategory.PermissionDenied)]
    [InlineData(404, "ModelNotFound", false, "Bailian.ModelNotFound", BailianErrorCategory.ObjectNotFound)]
    [InlineData(413, "BadRequest.TooLarge", false, "Bailian.ApiError", BailianErrorCategory.InvalidArgument)]
    public void Classifies_as_the_API_doc_table_says(int status, string? code, bool retryable, string errorId, BailianErrorCategory category)
    {
        var error = new DashScopeException((HttpStatusCode)status, code, "m", "r");
        Assert.Equal((retryable, errorId, category), (error.IsRetryable, error.ErrorId, error.Category));
        Assert.Equal(retryable, error.IsTransient);
    }

    [Fact]
    public void Message_carries_status_code_text_and_request_id()
    {
        var error = new DashScopeException(HttpStatusCode.BadRequest, "InvalidParameter", "num_images_per_prompt must be 1", "a4d7");
        Assert.Equal("DashScope answered 400 InvalidParameter: num_images_per_prompt must be 1 (request id a4d7)", error.Message);
    }
}

namespace Sophia.ClientApi.Hosting;

/// <summary>Reads a request body where what fails can only be the body itself, so a failure is the caller's 400, not a 500.</summary>
public static class RequestBody
{
    public static async Task<T> ReadAsync<T>(Func<Task<T>> read, string whatToSend)
    {
        try
        {
            return await read();
        }
        catch (BadHttpRequestException)
        {
            throw;
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException)
        {
            throw new BadHttpRequestException($"The body could not be read ({ex.Message.TrimEnd('.')}). {whatToSend}", StatusCodes.Status400BadRequest, ex);
        }
    }
}

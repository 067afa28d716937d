#pragma once
/// Subcommands of the `ledgersync` command line. Each takes the arguments after its own name.

#include <iosfwd>
#include <string>
#include <vector>

namespace ledgersync::cli {

using Arguments = std::vector<std::string>;

/// Entry point: dispatches argv to a subcommand; returns the process exit code.
int main(int argc, char** argv);

int run_command(const Arguments& args, std::ostream& out, std::ostream& err);
int plugins_command(const Arguments& args, std::ostream& out, std::ostream& err);
int config_command(const Arguments& args, std::ostream& out, std::ostream& err);
int failures_command(const Arguments& args, std::ostream& out, std::ostream& err);
/// `objects show CONNECTION/TYPE/ID`: an object's sync status and timeline (why it was filtered out).
int objects_command(const Arguments& args, std::ostream& out, std::ostream& err);
/// `invoices pdf CONNECTION/invoice/ID -o FILE`: an invoice's PDF, through the connection that holds it.
int invoices_command(const Arguments& args, std::ostream& out, std::ostream& err);
/// `payments refund CONNECTION/payment/ID --amount A --reason R` (at the processor, through the
/// connection that writes refunds) and `payments delete CONNECTION/payment/ID` (ledgersync only).
int payments_command(const Arguments& args, std::ostream& out, std::ostream& err);
/// `connections paused|resume|check`.
int connections_command(const Arguments& args, std::ostream& out, std::ostream& err);
/// `connections check [NAME ...]`: runs each connection's check() as the host would run it.
int connections_check_command(const Arguments& args, std::ostream& out, std::ostream& err);
int routes_command(const Arguments& args, std::ostream& out, std::ostream& err);
int map_command(const Arguments& args, std::ostream& out, std::ostream& err);
int keys_command(const Arguments& args, std::ostream& out, std::ostream& err);
int store_command(const Arguments& args, std::ostream& out, std::ostream& err);
/// `report fees --from DATE --to DATE`: processing and platform fees of payments, summed per currency.
int report_command(const Arguments& args, std::ostream& out, std::ostream& err);
/// `status`: the hosts working on the database, which holds each connection's lease, jobs by state.
int status_command(const Arguments& args, std::ostream& out, std::ostream& err);

}  // namespace ledgersync::cli

/* The gelu command's subcommands: each takes (argc, argv) with argv[0] its own name and
 * returns the exit status (0, 1 for a failure, 2 for bad usage or input). */
#ifndef GELU_CLI_COMMANDS_H
#define GELU_CLI_COMMANDS_H

int cli_command_eval(int argc, char **argv);
int cli_command_table(int argc, char **argv);
int cli_command_facts(int argc, char **argv);
int cli_command_plot(int argc, char **argv);
int cli_command_bench(int argc, char **argv);
int cli_command_verify(int argc, char **argv);
int cli_command_train(int argc, char **argv);

#endif

package bench.operaton;

import java.sql.Connection;
import java.sql.PreparedStatement;
import org.operaton.bpm.engine.delegate.DelegateExecution;
import org.operaton.bpm.engine.delegate.JavaDelegate;
import org.operaton.bpm.engine.impl.context.Context;

/**
 * bench.step (bench/bench-step.ts) as a JavaDelegate: the same INSERT ... ON CONFLICT DO
 * NOTHING with the same kind of key (instance:element:loop), and `lastStep` set to the
 * element id. It runs on the engine's own connection, so it commits with the job, as a
 * delegate using a Spring-managed DataSource would in a typical Camunda 7 deployment.
 */
public final class BenchStep implements JavaDelegate {
  static final String INSERT = "INSERT INTO bench.steps (step_key, amount) VALUES (?, ?) ON CONFLICT (step_key) DO NOTHING";

  @Override
  public void execute(DelegateExecution execution) throws Exception {
    Connection connection = Context.getCommandContext().getDbSqlSession().getSqlSession().getConnection();
    try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
      insert.setString(1, execution.getProcessInstanceId() + ":" + execution.getCurrentActivityId() + ":1");
      insert.setInt(2, ((Number) execution.getVariable("amount")).intValue());
      insert.executeUpdate();
    }
    execution.setVariable("lastStep", execution.getCurrentActivityId());
  }
}

package io.github.omnictx.core.conversation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class AgentIdTest {

  @Test
  void keepsTheValueAndPrintsIt() {
    AgentId petra = AgentId.of("petra.k@shop-1");
    assertThat(petra.value()).isEqualTo("petra.k@shop-1");
    assertThat(petra).hasToString("petra.k@shop-1").isEqualTo(new AgentId("petra.k@shop-1"));
  }

  @Test
  void malformedIdsAreRefusedNamingTheField() {
    for (String bad : List.of("", "petra k", "petra/1", "x".repeat(65), "pétra")) {
      assertThatThrownBy(() -> AgentId.of(bad)).isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("agentId must be 1-64 characters of A-Za-z0-9._@-, was: ");
    }
    assertThatThrownBy(() -> AgentId.of(null)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("agentId");
    assertThat(AgentId.of("x".repeat(64)).value()).hasSize(64);
  }

  @Test
  void ordersByText() {
    assertThat(new TreeSet<>(List.of(AgentId.of("quinn"), AgentId.of("Bob"), AgentId.of("anna"))))
        .containsExactly(AgentId.of("Bob"), AgentId.of("anna"), AgentId.of("quinn"));
  }

  @Test
  void anAgentParticipantGivesItsIdBackAndOthersHaveNone() {
    Participant agent = Participant.agent(AgentId.of("petra"));
    assertThat(agent).isEqualTo(Participant.parse("agent:petra")).hasToString("agent:petra");
    assertThat(agent.agentId()).contains(AgentId.of("petra"));
    assertThat(Participant.bot("petra").agentId()).isEmpty();
    assertThat(Participant.queue("petra").agentId()).isEmpty();
    assertThatThrownBy(() -> Participant.agent(null)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("agentId");
  }
}
